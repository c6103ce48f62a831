from django.core.management.base import BaseCommand, CommandError

from requests_app.models import PublicBody
from requests_app.services.deadlines import due_dates_recompute


class Command(BaseCommand):
    help = (
        "Recompute the due dates of open requests after a calendar change (each change is audited)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", help="Public body code (default: every body)")
        parser.add_argument(
            "--reason", default="", help="Why, e.g. the SK that changed the calendar"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change, write nothing"
        )

    def handle(self, *args, **options):
        body = None
        if options["body"]:
            body = PublicBody.objects.filter(code=options["body"]).first()
            if body is None:
                raise CommandError(f"No public body with code {options['body']!r}")
        result = due_dates_recompute(
            body=body, reason=options["reason"], dry_run=options["dry_run"]
        )
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(f"examined {result.examined} open requests, {verb} {result.changed}")

"""`manage.py compile_translations`: .po → .mo without GNU gettext (see `requests_app.translations`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from requests_app.translations import catalogues_compile


class Command(BaseCommand):
    help = "Mengompilasi katalog terjemahan (.po ke .mo)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Compile even when up to date.")

    def handle(self, *args, force: bool = False, **options) -> None:
        written = catalogues_compile(force=force)
        self.stdout.write(f"{len(written)} catalogue(s) compiled.")

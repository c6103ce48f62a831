"""Request figures materialised per body, OPD, month of receipt and intake channel.

A province's annual statistics would otherwise aggregate every request of the year several
times over (headline, months, OPDs, outcomes); these cells hold those counts already summed, so a
statistics page reads a few thousand small rows instead of hundreds of thousands of requests.
Only figures fixed by the request's own state are here; those that depend on today's date
(pending, overdue, never answered) are counted live over the unanswered requests.

A cell is never edited in place: `services.figures` recomputes every cell of a (body, month)
from the requests themselves whenever that month is marked stale (every request event marks
it), so a cell always equals the aggregate it stands for.
"""

from django.db import models


def _count() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(default=0)


# No database foreign keys on these derived rows (Django still cascades deletes): a refresh would
# otherwise take a key-share lock on the body at commit, and an officer action holding that body row
# FOR UPDATE (the objection lock joins it) could deadlock with it.


class FigureCell(models.Model):
    body = models.ForeignKey(
        "requests_app.PublicBody", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    unit = models.ForeignKey(
        "requests_app.Unit",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    month = models.DateField()  # first day of the month of `effective_received_on`
    channel = models.CharField(max_length=20)
    received = _count()
    answered = _count()
    delivered = _count()
    on_time_10 = _count()
    on_time_17 = _count()
    late = _count()
    extended = _count()
    paused = _count()
    paused_working_days_total = _count()
    outcome_granted_fully = _count()
    outcome_granted_partly = _count()
    outcome_already_available = _count()
    outcome_refused = _count()
    outcome_not_held = _count()
    outcome_not_yet_documented = _count()
    status_withdrawn = _count()
    status_closed_incomplete = _count()
    access_large_print = _count()
    access_audio = _count()
    access_braille = _count()
    access_sign_language = _count()
    access_other = _count()
    refused_letter_a = _count()
    refused_letter_b = _count()
    refused_letter_c = _count()
    refused_letter_d = _count()
    refused_letter_e = _count()
    refused_letter_f = _count()
    refused_letter_g = _count()
    refused_letter_h = _count()
    refused_letter_i = _count()
    refused_letter_j = _count()
    granted_partly_letter_a = _count()
    granted_partly_letter_b = _count()
    granted_partly_letter_c = _count()
    granted_partly_letter_d = _count()
    granted_partly_letter_e = _count()
    granted_partly_letter_f = _count()
    granted_partly_letter_g = _count()
    granted_partly_letter_h = _count()
    granted_partly_letter_i = _count()
    granted_partly_letter_j = _count()

    class Meta:
        indexes = [models.Index(fields=["body", "month"], name="figure_cell_body_month")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.unit_id}/{self.month:%Y-%m}/{self.channel}"


class StaleFigureMonth(models.Model):
    """A (body, month) whose cells must be recomputed before they are read: one row per change,
    inserted in the change's transaction. Plain inserts, never an upsert, so two officers' actions
    never wait for each other here; a refresh deletes exactly the rows it saw."""

    body = models.ForeignKey(
        "requests_app.PublicBody",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,  # (body, month) below serves every read
    )
    month = models.DateField()
    marked_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["body", "month"], name="stale_figure_month_body_month")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.month:%Y-%m}"

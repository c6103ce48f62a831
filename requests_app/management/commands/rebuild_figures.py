"""`manage.py rebuild_figures`: recompute every statistics cell from the requests.

The services keep the cells current; this is for data that arrived another way (a restore from
an older dump, a bulk import, a hand-made SQL fix).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from requests_app.services.figures import figure_cells_rebuild


class Command(BaseCommand):
    help = "Menghitung ulang seluruh sel angka statistik dari data permohonan."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        cells = figure_cells_rebuild()
        self.stdout.write(f"{cells} cells in {time.perf_counter() - started:.1f} s")

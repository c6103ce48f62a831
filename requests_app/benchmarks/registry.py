"""Every measure `manage.py benchmark --only` knows, in the order they run.

`recompute` runs last: it moves the clocks of open requests, which the other measures read.
"""

from requests_app.benchmarks import (
    exports,
    queue,
    recompute,
    reminders,
    statistics,
    submissions,
    workdays,
)
from requests_app.benchmarks.base import Measure

MEASURES: dict[str, Measure] = {
    measure.name: measure
    for measure in (
        workdays.MEASURE,
        statistics.MEASURE,
        reminders.MEASURE,
        queue.MEASURE,
        submissions.MEASURE,
        exports.MEASURE,
        recompute.MEASURE,
    )
}

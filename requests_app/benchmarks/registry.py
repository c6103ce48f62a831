"""Every measure `manage.py benchmark --only` knows, in the order they run."""

from requests_app.benchmarks import workdays
from requests_app.benchmarks.base import Measure

MEASURES: dict[str, Measure] = {measure.name: measure for measure in (workdays.MEASURE,)}

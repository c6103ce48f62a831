"""Compliance statistics (issue 6): the one module every statistics page, API and export reads.

`compliance_figures(period=, scope=)` for one scope, `figures_for_bodies` for the command center,
`figure_drilldowns` for the queue links behind each figure. Reads only, never writes.
"""

from requests_app.selectors.statistics.bodies import figures_for_bodies
from requests_app.selectors.statistics.drilldown import (
    drilldown_querystring,
    figure_drilldowns,
)
from requests_app.selectors.statistics.figures import HEADLINE_KEYS, compliance_figures
from requests_app.selectors.statistics.measures import nearest_rank, wilson_interval
from requests_app.selectors.statistics.periods import Period, Scope

__all__ = [
    "HEADLINE_KEYS",
    "Period",
    "Scope",
    "compliance_figures",
    "drilldown_querystring",
    "figure_drilldowns",
    "figures_for_bodies",
    "nearest_rank",
    "wilson_interval",
]

"""The names of the timeliness figures, shared by the dashboard, the command center, the API
schema, the annual report and the open data, so one figure is called the same everywhere.

`on_time_17` counts every extended request answered by its extended due date (Pasal 22(8)), also
one answered within the first 10 HK after an extension: it is "on time with an extension", not
"answered in 11-17 HK" (that is the histogram's band of `working_days_to_notice`).
"""

from django.utils.translation import gettext_lazy as _

ON_TIME_10_LABEL = _("Tepat waktu tanpa perpanjangan (batas 10 HK)")
ON_TIME_17_LABEL = _("Tepat waktu dengan perpanjangan (batas 17 HK)")

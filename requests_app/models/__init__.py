from requests_app.models.calendar import CalendarOverride, OverrideKind
from requests_app.models.events import AppendOnlyError, RequestEvent
from requests_app.models.notifications import DeliveryState, Notification, NotificationChannel
from requests_app.models.numbering import NumberSequence, SequenceKind
from requests_app.models.organisations import (
    BodyKind,
    Membership,
    PublicBody,
    Role,
    Unit,
    UnitKind,
)
from requests_app.models.requests import (
    FINAL_STATUSES,
    PRE_NOTICE_STATUSES,
    AccessMethod,
    ApplicantType,
    Channel,
    CopyFormat,
    DeliveryMethod,
    InformationRequest,
    Outcome,
    Status,
)

__all__ = [
    "FINAL_STATUSES",
    "PRE_NOTICE_STATUSES",
    "AccessMethod",
    "AppendOnlyError",
    "ApplicantType",
    "BodyKind",
    "CalendarOverride",
    "Channel",
    "CopyFormat",
    "DeliveryMethod",
    "DeliveryState",
    "InformationRequest",
    "Membership",
    "Notification",
    "NotificationChannel",
    "NumberSequence",
    "Outcome",
    "OverrideKind",
    "PublicBody",
    "RequestEvent",
    "Role",
    "SequenceKind",
    "Status",
    "Unit",
    "UnitKind",
]

"""OpenAPI examples of the statistics responses (the shapes of `compliance_figures`)."""

from __future__ import annotations

PERIOD = {"kind": "year", "label": "2025", "start": "2025-01-01", "end": "2025-12-31"}
HEADLINE = {
    "received": 10,
    "answered": 5,
    "delivered": 2,
    "pending": 2,
    "overdue": 1,
    "on_time_10": 3,
    "on_time_17": 1,
    "late": 1,
    "never_answered": 2,
    "on_time_rate": 0.5714,
    "extended": 1,
    "paused": 1,
    "paused_working_days_total": 2,
    "paused_working_days_mean": 2.0,
}
NOTICE_DAYS = {
    "count": 5,
    "mean": 9.2,
    "median": 11,
    "p90": 15,
    "histogram": {"0-5": 2, "6-10": 0, "11-17": 3, "over_17": 0},
}
OUTCOMES = {
    "granted_fully": 2,
    "granted_partly": 1,
    "already_available": 0,
    "refused": 1,
    "not_held": 1,
    "not_yet_documented": 0,
    "withdrawn": 1,
    "closed_incomplete": 1,
}
LETTERS = dict.fromkeys("abcdefghij", 0)
UNIT = {
    "unit_id": 7,
    "short_name": "Dindik",
    "name": "Dinas Pendidikan dan Kebudayaan",
    "received": 6,
    "answered": 4,
    "on_time": 3,
    "late": 1,
    "never_answered": 0,
    "on_time_rate": 0.75,
    "wilson_low": 0.3006,
    "wilson_high": 0.9544,
}

STAFF_EXAMPLE = {
    "period": PERIOD,
    "scope": {"body_ids": [1], "unit_id": None, "channel": None},
    "today": "2025-04-15",
    "headline": HEADLINE,
    "working_days_to_notice": NOTICE_DAYS,
    "working_days_to_delivery": {
        "count": 2,
        "mean": 11.5,
        "median": 7,
        "p90": 16,
        "histogram": {"0-5": 0, "6-10": 1, "11-17": 1, "over_17": 0},
    },
    "outcomes": OUTCOMES,
    "refusals_by_exemption": {**LETTERS, "b": 1},
    "partial_grants_by_exemption": {**LETTERS, "h": 1},
    "by_channel": {"web": 7, "langsung": 1, "email": 1, "telepon": 1},
    "accessibility_needs": {
        "large_print": 0,
        "audio": 0,
        "braille": 1,
        "sign_language": 1,
        "other": 0,
    },
    "monthly": [
        {
            "month": "2025-02",
            "received": 9,
            "answered": 5,
            "on_time": 4,
            "late": 1,
            "never_answered": 1,
        }
    ],
    "units": {"min_requests": 10, "ranked": [], "not_ranked": [UNIT], "unassigned": None},
    "objections": {
        "total": 3,
        "by_ground": {"a": 1, "b": 0, "c": 1, "d": 0, "e": 1, "f": 0, "g": 1},
        "by_status": {"terdaftar": 2, "ditolak": 1},
        "decisions": {"upheld": 0, "rejected": 1, "settled": 0},
        "late_filings": 1,
        "decided": 1,
        "decided_on_time": 1,
        "decided_late": 0,
        "unanswered_past_due": 1,
        "atasan_on_time_rate": 0.5,
        "working_days_to_decision_mean": 7.0,
    },
    "disputes": {
        "total": 1,
        "filed_late": 0,
        "by_stage": {"diajukan": 1},
        "by_outcome": {"dikabulkan": 1, "none": 0},
        "release_orders": {"total": 1, "complied": 0, "pending": 0, "overdue": 1},
    },
    "closed_at": None,
}

PUBLIC_EXAMPLE = {
    "period": PERIOD,
    "body": {"code": "36", "slug": "banten", "name": "Pemerintah Provinsi Banten"},
    "today": "2025-04-15",
    "headline": {
        key: HEADLINE[key]
        for key in (
            "received",
            "answered",
            "delivered",
            "pending",
            "on_time_10",
            "on_time_17",
            "late",
            "never_answered",
            "on_time_rate",
            "extended",
        )
    },
    "outcomes": OUTCOMES,
    "working_days_to_notice": NOTICE_DAYS,
    "closed_at": None,
}

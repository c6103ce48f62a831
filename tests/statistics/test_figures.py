"""`compliance_figures` against a data set counted by hand (see conftest.py for the story)."""

from __future__ import annotations

import json

import pytest

from requests_app.selectors.statistics import Period, Scope, compliance_figures
from tests.statistics.conftest import TODAY

ZERO_LETTERS = dict.fromkeys("abcdefghij", 0)


def month(key, received=0, answered=0, on_time=0, late=0, never_answered=0):
    return {
        "month": key,
        "received": received,
        "answered": answered,
        "on_time": on_time,
        "late": late,
        "never_answered": never_answered,
    }


def expected(body, opd, other_opd):
    return {
        "period": {"kind": "year", "label": "2025", "start": "2025-01-01", "end": "2025-12-31"},
        "scope": {"body_ids": [body.pk], "unit_id": None, "channel": None},
        "today": "2025-04-15",
        "headline": {
            # R1-R10; the 2024 request and the other body's request are out of scope.
            "received": 10,
            # Notices sent: R1, R2, R3, R7, R9.
            "answered": 5,
            # Handed over: R1, R2 (R9 is granted but not yet delivered).
            "delivered": 2,
            # Still owed a notice: R6, R10 (R4 sits in an objection, R8 closed incomplete).
            "pending": 2,
            # Owed and past due: R10 (due 17 Mar). R6 is due 29 Apr; R4 is in objection.
            "overdue": 1,
            # Not late, no extension: R1 (5 HK), R7 (3 HK), R9 (11 HK, due 19 Feb after pause).
            "on_time_10": 3,
            # Not late, extended: R2 (due 26 Feb, notice 24 Feb).
            "on_time_17": 1,
            # R3: notice 19 Feb, due 17 Feb.
            "late": 1,
            # No notice, due passed: R4 (17 Feb), R10 (17 Mar). Not R5 (withdrawn), R8 (closed
            # incomplete), R6 (not yet due).
            "never_answered": 2,
            # (3 + 1) on time / (5 answered + 2 never answered) = 4/7.
            "on_time_rate": 0.5714,
            "extended": 1,  # R2
            "paused": 1,  # R9 (R8's pause never resumed, so it accumulated no days)
            "paused_working_days_total": 2,  # R9: 4 Feb -> 6 Feb
            "paused_working_days_mean": 2.0,
        },
        # R7 3, R1 5, R9 11, R3 12, R2 15 -> mean 46/5; median rank ceil(2.5)=3 -> 11;
        # p90 rank ceil(4.5)=5 -> 15.
        "working_days_to_notice": {
            "count": 5,
            "mean": 9.2,
            "median": 11,
            "p90": 15,
            "histogram": {"0-5": 2, "6-10": 0, "11-17": 3, "over_17": 0},
        },
        # R1 7, R2 16 -> mean 11.5; median rank ceil(1)=1 -> 7; p90 rank ceil(1.8)=2 -> 16.
        "working_days_to_delivery": {
            "count": 2,
            "mean": 11.5,
            "median": 7,
            "p90": 16,
            "histogram": {"0-5": 0, "6-10": 1, "11-17": 1, "over_17": 0},
        },
        "outcomes": {
            "granted_fully": 2,  # R1, R9
            "granted_partly": 1,  # R2
            "already_available": 0,
            "refused": 1,  # R3
            "not_held": 1,  # R7
            "not_yet_documented": 0,
            "withdrawn": 1,  # R5
            "closed_incomplete": 1,  # R8
        },
        "refusals_by_exemption": {**ZERO_LETTERS, "b": 1},  # R3
        "partial_grants_by_exemption": {**ZERO_LETTERS, "h": 1},  # R2
        # web: R1, R4, R5, R6, R7, R8, R9; walk-in R2; email R3; phone R10.
        "by_channel": {
            "web": 7,
            "langsung": 1,
            "telepon": 1,
            "surat": 0,
            "email": 1,
            "faksimili": 0,
            "media_sosial": 0,
        },
        # R5 asked for braille and a sign-language interpreter.
        "accessibility_needs": {
            "large_print": 0,
            "audio": 0,
            "braille": 1,
            "sign_language": 1,
            "other": 0,
        },
        "monthly": [
            month("2025-01"),
            # R1-R5, R7-R9: answered R1, R2, R3, R7, R9; on time all but R3; R4 never answered.
            month("2025-02", received=8, answered=5, on_time=4, late=1, never_answered=1),
            month("2025-03", received=1, never_answered=1),  # R10
            month("2025-04", received=1),  # R6
            *(month(f"2025-{m:02d}") for m in range(5, 13)),
        ],
        "units": {
            "min_requests": 3,
            # Dindik: R1, R2, R3, R6, R9: on time R1, R2, R9; late R3: 3/4, Wilson (0.3006, 0.9544).
            "ranked": [
                {
                    "unit_id": opd.pk,
                    "short_name": "Dindik",
                    "name": "Dinas Pendidikan dan Kebudayaan",
                    "received": 5,
                    "answered": 4,
                    "on_time": 3,
                    "late": 1,
                    "never_answered": 0,
                    "on_time_rate": 0.75,
                    "wilson_low": 0.3006,
                    "wilson_high": 0.9544,
                    "rank": 1,
                }
            ],
            # Dinkes: R4, R10, both never answered: 2 received < 3, listed but not ranked.
            "not_ranked": [
                {
                    "unit_id": other_opd.pk,
                    "short_name": "Dinkes",
                    "name": "Dinas Kesehatan",
                    "received": 2,
                    "answered": 0,
                    "on_time": 0,
                    "late": 0,
                    "never_answered": 2,
                    "on_time_rate": 0.0,
                    "wilson_low": 0.0,
                    "wilson_high": 0.6576,
                }
            ],
            # R5, R7, R8 never left the PPID Utama; only R7 was answered (on time): 1/1.
            "unassigned": {
                "unit_id": None,
                "short_name": "",
                "name": "",
                "received": 3,
                "answered": 1,
                "on_time": 1,
                "late": 0,
                "never_answered": 0,
                "on_time_rate": 1.0,
                "wilson_low": 0.2065,
                "wilson_high": 1.0,
            },
        },
        "objections": {
            "total": 3,  # O1 (20 Feb), O2 (18 Feb), O3 (14 Apr)
            "by_ground": {"a": 1, "b": 0, "c": 1, "d": 0, "e": 1, "f": 0, "g": 1},
            "by_status": {
                "terdaftar": 2,  # O2, O3
                "diproses": 0,
                "musyawarah": 0,
                "selesai_musyawarah": 0,
                "diputus_diterima": 0,
                "diputus_ditolak": 0,
                "tidak_ditanggapi": 0,  # derived, never stored: see unanswered_past_due
                "pemohon_menerima": 0,
                "sengketa_ki": 1,  # O1 went on to the KI after the rejection
                "selesai": 0,
                "dicabut": 0,
            },
            "decisions": {"upheld": 0, "rejected": 1, "settled": 0},  # O1
            "late_filings": 1,  # O3: 14 Apr, window ended 20 Mar
            "decided": 1,
            "decided_on_time": 1,  # O1 on 3 Mar, due 14 Apr
            "decided_late": 0,
            "unanswered_past_due": 1,  # O2: atasan due 10 Apr
            "atasan_on_time_rate": 0.5,  # 1 / (1 decided + 1 unanswered)
            "working_days_to_decision_mean": 7.0,  # O1: 20 Feb -> 3 Mar
        },
        "disputes": {
            "total": 1,
            "filed_late": 0,  # filed 5 Mar, well within 14 HK of the atasan's due date
            "by_stage": {
                "diajukan": 0,
                "mediasi": 0,
                "ajudikasi": 0,
                "putusan": 1,
                "gugatan": 0,
                "selesai": 0,
            },
            "by_outcome": {
                "akta_mediasi": 0,
                "dikabulkan": 1,
                "dikabulkan_sebagian": 0,
                "ditolak": 0,
                "dicabut": 0,
                "none": 0,
            },
            # Release due 31 Mar, not complied with by 15 Apr.
            "release_orders": {"total": 1, "complied": 0, "pending": 0, "overdue": 1},
        },
    }


@pytest.fixture
def three_to_rank(settings):
    settings.STATS_MIN_REQUESTS = 3


def test_figures_match_the_hand_counted_story(story, body, opd, other_opd, three_to_rank):
    figures = compliance_figures(
        period=Period.parse("2025"), scope=Scope.for_body(body), today=TODAY
    )
    assert figures == expected(body, opd, other_opd)
    assert json.loads(json.dumps(figures)) == figures


def test_an_opd_a_quarter_and_a_channel_narrow_the_count(story, body, opd, three_to_rank):
    dindik = compliance_figures(period=Period.parse("2025"), scope=Scope.for_unit(opd), today=TODAY)
    assert dindik["headline"]["received"] == 5
    assert dindik["objections"]["total"] == 1  # O1 on R3; O2 is Dinkes', O3 the Utama's
    assert dindik["disputes"]["total"] == 1
    assert [row["unit_id"] for row in dindik["units"]["ranked"]] == [opd.pk]
    q1_web = compliance_figures(
        period=Period.parse("2025-Q1"), scope=Scope.for_body(body, channel="web"), today=TODAY
    )
    # Web requests received Jan-Mar: R1, R4, R5, R7, R8, R9 (R6 arrived in April).
    assert q1_web["headline"]["received"] == 6
    assert len(q1_web["monthly"]) == 3
    # O2 (R4) and O3 (R7) were on web requests; O3 was received in April.
    assert q1_web["objections"]["total"] == 1


def test_an_empty_scope_gives_zeros_and_no_rates(db, body):
    figures = compliance_figures(period=Period.parse("2025-03"), scope=Scope.for_body(body))
    assert figures["headline"]["received"] == 0
    assert figures["headline"]["on_time_rate"] is None
    assert figures["working_days_to_notice"]["median"] is None
    assert figures["objections"]["atasan_on_time_rate"] is None
    assert figures["units"] == {
        "min_requests": 10,
        "ranked": [],
        "not_ranked": [],
        "unassigned": None,
    }

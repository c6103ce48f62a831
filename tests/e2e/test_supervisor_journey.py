"""Journey 4 of issue 9: a supervisor opens the dashboard, filters by OPD and drills down from a
number to the list of requests behind it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from requests_app.services.workflow import request_route, request_verify
from tests.e2e.conftest import field, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def routed_requests(submit, utama_officer, opd, other_opd):
    """Two requests with Dindik and one with Dinkes, received today."""
    now = timezone.now()
    numbers = {}
    for unit, topic in ((opd, "Dana BOS"), (opd, "Beasiswa"), (other_opd, "Puskesmas")):
        info = submit(now=now, information_requested=f"Data {topic}").request
        info = request_verify(request=info, actor=utama_officer, now=now)
        request_route(request=info, actor=utama_officer, unit=unit, now=now)
        numbers.setdefault(unit.pk, []).append(info.registration_number)
    return numbers


def test_supervisor_filters_by_opd_and_drills_down_to_the_requests(
    live_server, desktop_context, journey, supervisor, routed_requests, opd, other_opd
):
    page = desktop_context()
    log_in(page, live_server.url, "pengawas", next_path="/pengawas/")
    page.get_by_role("heading", name="Dasbor statistik layanan informasi").wait_for()
    journey.step(page, "dashboard")

    filters = page.locator("details").filter(has=page.get_by_text("Periode dan cakupan"))
    if not filters.get_attribute("open"):
        filters.get_by_text("Periode dan cakupan").click()
    field(filters, "OPD").select_option(str(opd.pk))
    filters.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(rf"unit={opd.pk}"))
    journey.step(page, "dashboard for one OPD")

    # The first figure in the first table links to the requests behind it.
    figure = page.get_by_role("table").first.get_by_role("link").first
    count = int(figure.inner_text())
    assert count == len(routed_requests[opd.pk])
    figure.click()
    page.wait_for_url(re.compile(r"/petugas/\?"))
    journey.step(page, "drill-down list")
    table = page.get_by_role("table")
    listed = table.get_by_role("row").all_inner_texts()[1:]
    assert len(listed) == count
    assert all(number in "".join(listed) for number in routed_requests[opd.pk])
    assert not any(number in "".join(listed) for number in routed_requests[other_opd.pk])

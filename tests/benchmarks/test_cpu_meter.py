"""The submission benchmark's CPU split: what a server process and its workers spend is counted
as web, not as the client's, and a worker started after `start()` is counted in full."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from requests_app.benchmarks.submissions import CpuMeter

# A "server" that starts one "worker", which burns 0.3 s of CPU, says so in a file (argv[1]) and
# then idles until killed.
SERVER = """
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", '''
import pathlib, sys, time
end = time.process_time() + 0.3
while time.process_time() < end:
    pass
pathlib.Path(sys.argv[1]).touch()
time.sleep(60)
''', sys.argv[1]])
time.sleep(60)
"""

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _burn_client(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


@pytest.mark.django_db
def test_cpu_meter_splits_the_client_from_the_server_and_its_workers(tmp_path):
    burnt = tmp_path / "burnt"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(burnt)])  # noqa: S603 - fixed script
    try:
        meter = CpuMeter(server.pid)
        meter.start()
        _burn_client(0.2)
        deadline = time.monotonic() + 60
        while not burnt.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        per_request = meter.stop(requests=2)
    finally:
        subprocess.run(["pkill", "-P", str(server.pid)], check=False)  # noqa: S603, S607
        server.kill()
        server.wait()

    assert 140 <= per_request["web"] <= 400  # the worker's 300 ms (+ start-up) over 2 requests
    assert 95 <= per_request["client"] <= 300  # this process's 200 ms over 2 requests

"""A Celery worker killed (SIGKILL) in the middle of sending a mail: the task is redelivered
(acks_late + reject_on_worker_lost), the redelivered task does not send again while the first
claim's lease holds, and once the lease lapses the sweeper sends the message exactly once.

Real pieces: Redis broker (its own database number), a prefork worker whose child is killed, a
loopback SMTP server that stalls the first connection so the kill lands mid-send."""

from __future__ import annotations

import os
import re
import signal
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from ppid.celery import app
from requests_app.models import DeliveryState, Notification, NotificationChannel
from requests_app.notifications import outbox
from requests_app.tasks import send_notifications, send_pending_notifications
from tests.reliability.conftest import database_url, free_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis_broker,
    pytest.mark.django_db(transaction=True),
]

QUEUE = "uji-worker-mati"


class SlowSmtpServer(socketserver.ThreadingTCPServer):
    """Accepts mail on loopback; the first connection hangs before the greeting until released."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int):
        self.connections = 0
        self.delivered: list[bytes] = []
        self.stalled = threading.Event()
        self.release = threading.Event()
        super().__init__(("127.0.0.1", port), _SmtpHandler)


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        server.connections += 1
        if server.connections == 1:
            server.stalled.set()
            server.release.wait(timeout=60)
            return  # the client died meanwhile: nothing was transmitted
        self._reply("220 uji ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 uji")
            elif command == "DATA":
                self._reply("354 kirim")
                server.delivered.append(self._message())
                self._reply("250 diterima")
            elif command == "QUIT":
                self._reply("221 selesai")
                return
            else:
                self._reply("250 ok")

    def _message(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line)
        return b"".join(lines)

    def _reply(self, text: str) -> None:
        self.wfile.write(f"{text}\r\n".encode())


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _publish(task, *args, broker_url: str) -> None:
    with app.connection_for_write(broker_url) as conn:
        task.apply_async(args=args, connection=conn, queue=QUEUE)


def test_killed_worker_task_is_redelivered_and_the_mail_goes_out_once(
    submit, monkeypatch, tmp_path
):
    broker_url = os.environ["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/7"
    smtp = SlowSmtpServer(free_port())
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    # The row stays pending: the after-commit hand-over is switched off, the test publishes itself.
    monkeypatch.setattr(outbox, "_enqueue", lambda notification_ids: None)
    monkeypatch.setitem(app.conf, "task_always_eager", False)  # publish for real
    request = submit().request
    mail = Notification.objects.get(request=request, channel=NotificationChannel.EMAIL)
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.server_address[1]}",
    }
    _publish(send_notifications, [mail.pk], broker_url=broker_url)
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ppid",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "-Q",
            QUEUE,
            "--loglevel=INFO",
            f"--logfile={log_path}",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert smtp.stalled.wait(timeout=90), "the worker never started sending"
        mail.refresh_from_db()
        assert mail.state == DeliveryState.SENDING  # claimed, mid-send
        child = _wait(lambda: _children(worker.pid), 10, "the pool process")[0]
        os.kill(child, signal.SIGKILL)
        smtp.release.set()

        # The parent rejects the message back to the queue and a new pool process takes it.
        _wait(lambda: log_path.read_text().count("received") >= 2, 60, "the redelivery")
        _wait(lambda: "succeeded" in log_path.read_text(), 60, "the redelivered task")
        mail.refresh_from_db()
        log = log_path.read_text()
        assert "WorkerLostError" in log and "signal 9 (SIGKILL)" in log
        assert re.search(r"send_notifications\[[^\]]+\] succeeded in [0-9.]+s: 0", log)
        assert (mail.state, smtp.delivered) == (DeliveryState.SENDING, [])  # no second send

        # The claim's lease lapses (10 minutes in production; here we move it), the sweeper runs.
        Notification.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
        _publish(send_pending_notifications, broker_url=broker_url)
        _wait(lambda: smtp.delivered, 60, "the mail to arrive")
        _publish(send_notifications, [mail.pk], broker_url=broker_url)  # a stray duplicate
        _wait(lambda: log_path.read_text().count("succeeded") >= 3, 60, "the duplicate task")

        mail.refresh_from_db()
        assert mail.state == DeliveryState.SENT and mail.attempts == 1
        assert len(smtp.delivered) == 1
        assert request.registration_number.encode() in smtp.delivered[0]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.release.set()
        smtp.shutdown()
        smtp.server_close()
        connection.close()

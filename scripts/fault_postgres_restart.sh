#!/usr/bin/env bash
# Fault drill: PostgreSQL restarted under traffic. Repeatable; run as root on a machine with the
# PostgreSQL server packages (pg_createcluster/pg_ctlcluster), from the repository root:
#
#   scripts/fault_postgres_restart.sh            # 300 submissions, restart after ~1/3 of them
#   REQUESTS=600 WORKERS=4 scripts/fault_postgres_restart.sh
#
# What it does:
#   1. creates a private, throwaway PostgreSQL cluster (default 15/ppidfault on port 5439, so the
#      shared cluster and anyone's tests on it are untouched), migrates a database, adds one body;
#   2. starts gunicorn (WORKERS sync workers, throttles off) against it, CONN_HEALTH_CHECKS on;
#   3. sends REQUESTS submissions from 8 client threads, and restarts PostgreSQL
#      (`pg_ctlcluster ... restart`, fast shutdown: open connections are cut) once a third of them
#      have been answered;
#   4. without touching gunicorn, waits for /healthz to say 200 again and sends AFTER more
#      submissions, which must all succeed (the app recovered by itself);
#   5. checks nothing is half-written: every stored request has exactly one `request.submitted`
#      event and its receipt notification, numbers are gap-free (1..N), N equals the number of 201
#      answers, and every failed submission left no row.
#
# The rule for every answer (the drill fails on the first breach, and says which):
#   - 201                         : stored (checked again in step 5);
#   - 503 with the JSON `message` : a clean failure, at any moment of the run (the transaction was
#                                   rolled back, nothing stored; api/exceptions.py);
#   - connection error/reset      : accepted only for a request in flight while PostgreSQL was down
#                                   (sent before the restart command returned and answered after it
#                                   began);
#   - anything else: any 500 (or other 5xx), a 503 without the JSON message, a 4xx, a connection
#     error outside the restart window: FAILED. So is any "Internal Server Error" in gunicorn's
#     log, any half-written request (step 5) and any failure after the recovery (step 4).
# It prints the figures and exits non-zero if any check fails. The cluster is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -n 1)}
CLUSTER=${FAULT_CLUSTER:-ppidfault}
PGPORT=${FAULT_PORT:-5439}
REQUESTS=${REQUESTS:-300}
AFTER=${AFTER:-50}
WORKERS=${WORKERS:-4}
HTTP_PORT=${HTTP_PORT:-8765}
PY=.venv/bin/python
WORK=$(mktemp -d)
DB_URL="postgres://postgres@127.0.0.1:$PGPORT/ppid_fault"

cleanup() {
  [ -n "${GUNICORN_PID:-}" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null || true
  if [ "$CLUSTER" != main ]; then
    pg_dropcluster --stop "$VERSION" "$CLUSTER" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== private cluster $VERSION/$CLUSTER on port $PGPORT"
if [ "$CLUSTER" != main ]; then
  pg_dropcluster --stop "$VERSION" "$CLUSTER" 2>/dev/null || true
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PGPORT" -- --auth-local=trust --auth-host=trust >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start
fi
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS ppid_fault" -c "CREATE DATABASE ppid_fault"

export DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1 DATABASE_URL="$DB_URL" \
  CELERY_BROKER_URL=memory:// EMAIL_URL=dummymail:// MEDIA_ROOT="$WORK/media" \
  THROTTLE_SUBMISSION=1000000/s THROTTLE_TRACKING=1000000/s LOG_LEVEL=WARNING
SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')
FIELD_ENCRYPTION_KEY=$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
export SECRET_KEY FIELD_ENCRYPTION_KEY

$PY manage.py migrate --noinput -v 0
$PY manage.py shell -c "from requests_app.models import PublicBody; PublicBody.objects.create(code='36', slug='banten', name='Pemerintah Provinsi Banten', short_name='Prov. Banten', kind='province', registration_code='BANTEN')"

echo "== gunicorn ($WORKERS workers) on 127.0.0.1:$HTTP_PORT"
.venv/bin/gunicorn ppid.wsgi:application --bind "127.0.0.1:$HTTP_PORT" --workers "$WORKERS" \
  --timeout 60 >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!

RESTART_CMD="pg_ctlcluster --skip-systemctl-redirect $VERSION $CLUSTER restart -m fast"
FIGURES="$WORK/figures.json"
export HTTP_PORT REQUESTS AFTER RESTART_CMD FIGURES
$PY - <<'PYEOF'
import collections, http.client, json, os, shlex, subprocess, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

port, total, after = int(os.environ["HTTP_PORT"]), int(os.environ["REQUESTS"]), int(os.environ["AFTER"])
payload = json.dumps({
    "body": "36", "applicant_type": "perorangan", "full_name": "Siti Aminah",
    "nik": "3601014507900001", "address": "Jl. Raya Serang No. 1, Kota Serang",
    "occupation": "Wiraswasta", "phone": "081234567890", "email": "siti@example.org",
    "information_requested": "Salinan DPA 2025", "purpose": "Penelitian anggaran",
    "access_method": "salinan", "copy_format": "softcopy", "delivery_method": "email",
})

def call(method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers={"Host": "127.0.0.1", "Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    except OSError as error:
        return f"connection error ({type(error).__name__})", b""
    finally:
        conn.close()

deadline = time.monotonic() + 60
while call("GET", "/healthz")[0] != 200:
    if time.monotonic() > deadline:
        sys.exit("gunicorn did not become healthy")
    time.sleep(0.3)

answered = 0
lock = threading.Lock()
restarted = threading.Event()
restarter = []
window = {}  # monotonic start and end of the restart command: PostgreSQL is down in between

def timed_call(method, path, body=None):
    sent = time.monotonic()
    status, answer = call(method, path, body)
    return {"status": status, "body": answer, "sent": sent, "answered": time.monotonic()}

def submit(_):
    global answered
    result = timed_call("POST", "/api/v1/requests/", payload)
    with lock:
        answered += 1
        if answered == total // 3 and not restarted.is_set():
            restarted.set()
            restarter.append(threading.Thread(target=restart))
            restarter[0].start()
    return result

def restart():
    window["start"] = time.monotonic()
    subprocess.run(shlex.split(os.environ["RESTART_CMD"]), check=True)
    window["end"] = time.monotonic()

def clean_503(result):
    try:
        return bool(json.loads(result["body"]).get("message"))
    except (ValueError, AttributeError):
        return False

def while_down(result):
    return bool(window) and result["sent"] <= window["end"] and result["answered"] >= window["start"]

def breach(result):
    """None when the answer is allowed by the rule in the header, else why not."""
    status = result["status"]
    if status == 201:
        return None
    if status == 503:
        return None if clean_503(result) else "503 without the JSON message"
    if isinstance(status, str):  # a connection error
        return None if while_down(result) else f"{status} outside the restart window"
    return f"HTTP {status}"

started = time.monotonic()
with ThreadPoolExecutor(max_workers=8) as pool:
    during = list(pool.map(submit, range(total)))
load_seconds = time.monotonic() - started
for thread in restarter:
    thread.join()  # the window is known before any answer is judged

recovered_at = time.monotonic()
while call("GET", "/healthz")[0] != 200:
    if time.monotonic() - recovered_at > 60:
        sys.exit("FAILED: the app did not recover within 60 s")
    time.sleep(0.2)
recovery_seconds = time.monotonic() - recovered_at
with ThreadPoolExecutor(max_workers=8) as pool:
    later = list(pool.map(lambda _: timed_call("POST", "/api/v1/requests/", payload), range(after)))

def tally(results):
    return dict(collections.Counter(str(result["status"]) for result in results))

breaches = [
    f"{reason}: {result['body'].decode(errors='replace')[:200]}"
    for result in during
    if (reason := breach(result))
]
figures = {
    "during": tally(during), "after": tally(later), "load_seconds": round(load_seconds, 1),
    "restart_seconds": round(window["end"] - window["start"], 1) if "end" in window else None,
    "healthz_wait_seconds": round(recovery_seconds, 1),
    "created": sum(1 for result in during + later if result["status"] == 201),
    "clean_503": sum(1 for result in during if result["status"] == 503 and clean_503(result)),
    "connection_errors_while_down": sum(
        1 for result in during if isinstance(result["status"], str) and while_down(result)
    ),
    "breaches": breaches[:5],
}
print(json.dumps(figures, indent=2))
with open(os.environ.get("FIGURES", "/dev/null"), "w") as out:
    json.dump(figures, out)
if "end" not in window:
    sys.exit("FAILED: PostgreSQL was never restarted (too few requests?)")
if breaches:
    sys.exit(f"FAILED: {len(breaches)} answer(s) broke the rule, e.g. {breaches[0]}")
if any(result["status"] != 201 for result in later):
    sys.exit("FAILED: submissions after the restart did not all succeed")
PYEOF

echo "== consistency"
$PY - <<'PYEOF'
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ppid.settings")
django.setup()
from django.db.models import Count, Q
from requests_app.models import InformationRequest, Notification, NumberSequence, RequestEvent

created = json.load(open(os.environ["FIGURES"]))["created"]
rows = InformationRequest.objects.annotate(
    submitted=Count("events", filter=Q(events__code="request.submitted"), distinct=True),
    receipts=Count("notifications", filter=Q(notifications__kind="request_receipt"), distinct=True),
)
stored = rows.count()
numbers = sorted(rows.values_list("sequence_number", flat=True))
half_written = rows.exclude(submitted=1).count() + rows.exclude(receipts__gte=1).count()
last = NumberSequence.objects.get().last_value
print(json.dumps({
    "answered_201": created, "requests_stored": stored,
    "submitted_events": RequestEvent.objects.filter(code="request.submitted").count(),
    "notifications": Notification.objects.count(), "sequence_last_value": last,
    "half_written": half_written,
}, indent=2))
problems = []
if numbers != list(range(1, stored + 1)):
    problems.append("numbers are not gap-free")
if last != stored:
    problems.append("the sequence is ahead of the stored requests")
if half_written:
    problems.append("some request lacks its event or its receipt")
if stored != created:
    problems.append("stored requests differ from 201 answers")
if problems:
    sys.exit("FAILED: " + "; ".join(problems))
print("OK: recovered by itself, nothing half-written, numbers gap-free")
PYEOF
SERVER_ERRORS=$(grep -c 'Internal Server Error' "$WORK/gunicorn.log" || true)
echo "== server log: $(grep -c 'Service Unavailable' "$WORK/gunicorn.log" || true) x 503 logged," \
  "$SERVER_ERRORS x 500 logged"
if [ "$SERVER_ERRORS" != 0 ]; then
  grep -m 3 -A 20 'Internal Server Error' "$WORK/gunicorn.log" >&2 || true
  echo "FAILED: the server answered 500" >&2
  exit 1
fi

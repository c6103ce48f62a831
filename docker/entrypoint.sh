#!/bin/sh
# One image, several roles: `web`, `worker`, `beat`, `migrate`, or any other command.
set -eu

# Access log: the path without its query string (tracking links carry a secret ?token=), no
# referer (it can hold one too), and the request id that Django returns in X-Request-ID.
if [ "${LOG_FORMAT:-text}" = "json" ]; then
  ACCESS_LOG_FORMAT='{"logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
else
  ACCESS_LOG_FORMAT='%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
fi

case "${1:-web}" in
  web)
    exec gunicorn ppid.wsgi:application \
      --bind "0.0.0.0:${PORT:-8000}" \
      --workers "${GUNICORN_WORKERS:-3}" \
      --timeout "${GUNICORN_TIMEOUT:-60}" \
      --access-logfile - \
      --access-logformat "${ACCESS_LOG_FORMAT}"
    ;;
  worker)
    # CELERY_QUEUES picks the queues (mail, reminders, exports, celery); all of them by default.
    exec celery -A ppid worker --loglevel "${LOG_LEVEL:-INFO}" \
      --concurrency "${CELERY_CONCURRENCY:-2}" \
      --queues "${CELERY_QUEUES:-celery,mail,reminders,exports}"
    ;;
  beat)
    # The schedule lives in the database (django-celery-beat): editable in the admin.
    exec celery -A ppid beat --loglevel "${LOG_LEVEL:-INFO}" \
      --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile=
    ;;
  migrate)
    exec python manage.py migrate --noinput
    ;;
  *)
    exec "$@"
    ;;
esac

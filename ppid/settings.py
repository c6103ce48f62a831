"""Settings for the PPID service, read strictly from the environment (and an optional `.env`)."""

import importlib.util
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_INSECURE_KEY_PREFIX = "django-insecure"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith(_INSECURE_KEY_PREFIX)):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a real secret when DEBUG is off (production mode)."
    )
if not SECRET_KEY:
    SECRET_KEY = f"{_INSECURE_KEY_PREFIX}-development-only-key"

# Fernet key for personal data at rest (NIK). Production must supply its own key; development derives
# one from SECRET_KEY so `make run` works without configuration.
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
if not FIELD_ENCRYPTION_KEY and not DEBUG:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "axes",
    "requests_app",
]

MIDDLEWARE = [
    # First: every log record of the request, even a redirect's, carries the request id.
    "requests_app.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "requests_app.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the failed logins of every view (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ppid.urls"
WSGI_APPLICATION = "ppid.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "requests_app.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process, the worker and beat share one file: WAL lets readers run beside the writer,
    # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters travel apart from the statement (no quoting of every value in Python), and
    # psycopg prepares a statement run five times on a connection: a submission's inserts are
    # parsed and planned once per worker (issue 7). Behind a transaction-mode pooler (PgBouncer
    # without prepared-statement support) set DATABASE_SERVER_SIDE_BINDING=0.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (issue 8): the lockout backend runs first and refuses a locked-out username+address.
AUTHENTICATION_BACKENDS = [
    "requests_app.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
# Username and address together: nobody can lock an officer out from elsewhere by guessing.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "requests_app" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static and private files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (identity scans, letters) are private: stored outside the web root, never given a public
# URL, and served only through views that check permission.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# MEDIA_STORAGE=s3 keeps uploads and letters in an S3-compatible bucket (several web hosts share it;
# needs the optional extra: pip install "ppid[s3]"); the default is the MEDIA_ROOT folder.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "filesystem":
    _MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured('MEDIA_STORAGE=s3 needs django-storages: pip install "ppid[s3]"')
    _MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            # MinIO, Ceph or a government cloud: the endpoint of the S3-compatible service.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            # Unset: boto3 finds the keys itself (instance role, ~/.aws, AWS_* variables).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env.str("AWS_LOCATION", default=""),
            # Private files: no public ACL, never overwritten, short-lived signed URLs only.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_BYTES = env.int("FILE_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = FILE_UPLOAD_MAX_BYTES + 1024 * 1024

# --- Email ----------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Development: every sent message is a file under var/mail/ (see README).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PPID <ppid@localhost>")
# Delivery channels (`requests_app/notifications/channels.py`), as dotted class paths. Every
# applicant message and officer alert goes out on each enabled channel that has an address for the
# recipient; an SMS or WhatsApp gateway is one more class here, with no change to the services.
NOTIFICATION_CHANNELS = env.list(
    "NOTIFICATION_CHANNELS",
    default=[
        "requests_app.notifications.channels.InAppDelivery",
        "requests_app.notifications.channels.EmailDelivery",
    ],
)

# --- Celery ---------------------------------------------------------------------------------
_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("out", "processed", "control"):
        (_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    # The filesystem transport needs no server: producer and consumer share a folder.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "out"),
        "data_folder_out": str(_BROKER_DIR / "out"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        # Broadcast (remote control) messages; kombu's default is ./control in the working directory.
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
# Separate queues so a slow export or a large reminder scan never delays a receipt email. A worker
# started without -Q consumes all of them (one worker is enough on one machine); larger
# installations run one worker group per queue: `celery -A ppid worker -Q mail` (README, "Scaling
# out").
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "mail", "reminders", "exports")]
CELERY_TASK_ROUTES = {
    "requests_app.tasks.send_notifications": {"queue": "mail"},
    "requests_app.tasks.send_notifications_fanout": {"queue": "mail"},
    "requests_app.tasks.send_pending_notifications": {"queue": "mail"},
    "requests_app.tasks.scan_deadlines": {"queue": "reminders"},
    "requests_app.tasks.send_daily_digests": {"queue": "reminders"},
    "requests_app.tasks.close_lapsed_incomplete_requests": {"queue": "reminders"},
    "requests_app.tasks.run_export_job": {"queue": "exports"},
    "requests_app.tasks.sweep_export_jobs": {"queue": "reminders"},
    "requests_app.tasks.purge_expired_personal_data": {"queue": "reminders"},
    "requests_app.tasks.refresh_stale_figures": {"queue": "reminders"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The periodic tasks are rows in django-celery-beat's tables, editable in the admin: created once
# after `migrate` from `requests_app/schedules.py`. No CELERY_BEAT_SCHEDULE here: beat would copy it
# over the rows at every start and undo the administrators' edits.

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "requests_app.api.exceptions.exception_handler",
    # Behind N reverse proxies the client address is the Nth from the right in X-Forwarded-For;
    # unset, DRF trusts the whole header and a client could spoof its throttle identity.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=None),
    "DEFAULT_THROTTLE_RATES": {
        "submission": env.str("THROTTLE_SUBMISSION", default="30/hour"),
        "tracking": env.str("THROTTLE_TRACKING", default="120/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PPID API",
    "DESCRIPTION": "Permohonan informasi publik (UU 14/2008): submission, tracking and officer work.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "requests_app.api.schema_hooks.document_page_out_of_range",
    ],
    # One stable name for the status enum, whichever serializer field exposes it.
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "requests_app.models.requests.Status",
        "ObjectionStatusEnum": "requests_app.models.objections.ObjectionStatus",
        "DisputeOutcomeEnum": "requests_app.models.objections.DisputeOutcome",
        "DisputeStageEnum": "requests_app.models.objections.DisputeStage",
    },
}

# `manage.py benchmark`: mount the bare insert endpoint the submission load test compares with
# (requests_app/benchmarks/floor.py). Only the benchmark's own gunicorn sets it.
BENCHMARK_FLOOR_ENDPOINT = env.bool("BENCHMARK_FLOOR_ENDPOINT", default=False)

# Statistics: an OPD with fewer requests in the period is listed, not ranked (issue 6).
STATS_MIN_REQUESTS = env.int("STATS_MIN_REQUESTS", default=10)
# Register exports with more rows than this run as a Celery job with progress (issue 6).
EXPORT_ASYNC_ROW_THRESHOLD = env.int("EXPORT_ASYNC_ROW_THRESHOLD", default=5000)

# The cache holds the rate-limit counters (API throttles and the web forms): they must be shared by
# every gunicorn worker and web host, or each process counts on its own. CACHE_URL chooses it
# (django-environ's cache_url: redis://, locmemcache://, ...); unset, a Redis broker's server is used
# with the next database number (cache.clear() flushes a whole database: never the broker's queues).
# The embedded default (filesystem broker) keeps the per-process memory cache.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _broker = urlsplit(CELERY_BROKER_URL)
    try:
        _broker_db = int(_broker.path.strip("/") or 0)
    except ValueError:
        raise ImproperlyConfigured(
            "CELERY_BROKER_URL: the Redis database must be a number."
        ) from None
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(_broker._replace(path=f"/{(_broker_db + 1) % 16}")),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Security (production) ------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Our pages load scripts and styles from our own static files only (no inline code); the Swagger
# page at /api/docs/ is exempted in ppid/urls.py (it needs an inline bootstrap and a CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Personal data (UU 27/2022; domain.md E3, Keputusan 8) ----------------------------------
# Days after the request, its objection and dispute are all closed before identity data is purged
# (the body's archive retention schedule, JRA, sets the real value).
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=5 * 365)

# Query strings may carry a tracking token (`?token=`): every record is stripped of them before it
# is written (runserver's request lines included). Gunicorn's access log is configured the same way
# in docker/entrypoint.sh (path without query string, no Referer).
# LOG_FORMAT=json: one JSON object per line (log shippers); text for people. Either way each record
# carries the request id that RequestIdMiddleware returns in X-Request-ID.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_query_strings": {"()": "requests_app.log_filters.StripQueryStrings"},
        "request_id": {"()": "requests_app.logging.RequestIdFilter"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "text": {"format": "{asctime} {levelname} {name} [{request_id}] {message}", "style": "{"},
        "json": {"()": "requests_app.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_query_strings", "request_id"],
        },
        # Replaces Django's default runserver handler, which would write request lines unfiltered.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "django.server",
            "filters": ["no_query_strings", "request_id"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
# With JSON logs the Celery worker keeps Django's handlers instead of installing its own text ones.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# Error reports to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set; the
# sentry-sdk package is needed only then: pip install "ppid[sentry]".
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as error:
        raise ImproperlyConfigured('SENTRY_DSN is set: pip install "ppid[sentry]"') from error
    from requests_app.logging import sentry_before_send

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        # Applicants' names, NIKs and addresses stay out of error reports.
        send_default_pii=False,
        before_send=sentry_before_send,
    )

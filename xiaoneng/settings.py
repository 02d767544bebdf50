"""Django settings for Xiaoneng.

Everything a deployment changes comes from the environment (DESIGN.md §5):
DATABASE_URL, REDIS_URL / CELERY_BROKER_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS.
Development needs nothing set: SQLite under var/, a generated secret key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from xiaoneng.env import dev_secret_key, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("XIAONENG_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "") or dev_secret_key(VAR_DIR / "secret_key")
else:
    # A production key is never generated: a restart would log everyone out and
    # invalidate every signed token.
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("The environment variable SECRET_KEY must be 50+ characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "xiaoneng.core",
    "xiaoneng.workdays",
    "xiaoneng.org",
    "xiaoneng.catalog",
    "xiaoneng.cases",
    "xiaoneng.supervision",
    "xiaoneng.campaign",
    "xiaoneng.feedback",
    "xiaoneng.applicants",
    "xiaoneng.portal",
    "xiaoneng.committee",
    "xiaoneng.enforcement",
    "xiaoneng.projects",
    "xiaoneng.assessment",
    "xiaoneng.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xiaoneng.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xiaoneng.core.middleware.SessionTimeoutMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as its documentation requires: it watches the authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xiaoneng.urls"
WSGI_APPLICATION = "xiaoneng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "xiaoneng.web.context_processors.navigation",
                "xiaoneng.supervision.context_processors.unread_notifications",
                "xiaoneng.portal.context_processors.hotline",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------

_database_url = env_str("DATABASE_URL", "")
if _database_url:
    try:
        _default_db = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"The environment variable DATABASE_URL is invalid: {exc}"
        ) from exc
    if not _default_db.get("ENGINE"):
        raise ImproperlyConfigured("The environment variable DATABASE_URL names no database.")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _default_db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "xiaoneng.sqlite3",
        "OPTIONS": {
            # WAL lets the sweep write while the site reads; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue instead of deadlocking.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: it refuses locked-out credentials.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "xiaoneng.core.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: five failures for one username within 30 minutes lock that
# username for 30 minutes (counted per username, so an attacker cannot lock
# a whole office out by address, and cannot escape by changing address).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 30 minutes from the lockout; attempts during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# axes.W006 asks to lock by address too. The rule here is per username: a
# whole window hall shares one address behind NAT, and locking by address
# would let one typo-prone clerk lock out every colleague.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions end after 30 idle minutes and at most 12 hours after login
# (enforced by xiaoneng.core.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers -----------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if not DEBUG:
    # TLS ends at the reverse proxy (nginx), which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- API ------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "xiaoneng.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xiaoneng API",
    "DESCRIPTION": "Service catalogue and licensing cases of the Ningxia land and resources "
    "department. Case numbers are the public identifiers in URLs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package: no CDN (the department has no internet).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Many apps have a "status", "kind" or "channel": each choice set gets one
    # stable name of its own (else drf-spectacular invents hashed ones).
    "ENUM_NAME_OVERRIDES": {
        "CampaignPhaseKindEnum": "xiaoneng.campaign.choices.PhaseKind",
        "CampaignSubmissionKindEnum": "xiaoneng.campaign.choices.SubmissionKind",
        "CampaignSourceKindEnum": "xiaoneng.campaign.choices.SourceKind",
        "CampaignProblemStatusEnum": "xiaoneng.campaign.choices.ProblemStatus",
        "CampaignAttendanceStatusEnum": "xiaoneng.campaign.choices.AttendanceStatus",
        "CampaignFindingKindEnum": "xiaoneng.campaign.choices.FindingKind",
        "CasesStatusEnum": "xiaoneng.cases.choices.Status",
        "CasesChannelEnum": "xiaoneng.cases.choices.Channel",
        "CasesApplicantKindEnum": "xiaoneng.cases.choices.ApplicantKind",
        "CasesPauseKindEnum": "xiaoneng.cases.choices.PauseKind",
        "CasesExtensionStatusEnum": "xiaoneng.cases.choices.ExtensionStatus",
        "CasesEventKindEnum": "xiaoneng.cases.choices.EventKind",
        "CasesDocumentKindEnum": "xiaoneng.cases.choices.DocumentKind",
        "CatalogFeeKindEnum": "xiaoneng.catalog.choices.FeeKind",
        "CatalogStageKindEnum": "xiaoneng.catalog.choices.StageKind",
        "CommitteeCommitteeKindEnum": "xiaoneng.committee.choices.CommitteeKind",
        "CommitteeMeetingStatusEnum": "xiaoneng.committee.choices.MeetingStatus",
        "EnforcementDecisionStatusEnum": "xiaoneng.enforcement.choices.DecisionStatus",
        "FeedbackSubjectKindEnum": "xiaoneng.feedback.choices.SubjectKind",
        "FeedbackComplaintStatusEnum": "xiaoneng.feedback.choices.ComplaintStatus",
        "FeedbackComplaintEventKindEnum": "xiaoneng.feedback.choices.ComplaintEventKind",
        "FeedbackRatingChannelEnum": "xiaoneng.feedback.choices.RatingChannel",
        "FeedbackRectificationStatusEnum": "xiaoneng.feedback.choices.RectificationStatus",
        "FeedbackVisitMethodEnum": "xiaoneng.feedback.choices.VisitMethod",
        "FeedbackApplicantViewEnum": "xiaoneng.feedback.choices.ApplicantView",
        "FeedbackAppealDecisionEnum": "xiaoneng.feedback.choices.AppealDecision",
        "FeedbackRectificationEventKindEnum": "xiaoneng.feedback.choices.RectificationEventKind",
        "OrgUnitKindEnum": "xiaoneng.org.choices.UnitKind",
        "ProjectsServiceKindEnum": "xiaoneng.projects.choices.ServiceKind",
        "ProjectsProjectStatusEnum": "xiaoneng.projects.choices.ProjectStatus",
        "SupervisionCardStatusEnum": "xiaoneng.supervision.choices.CardStatus",
        "SupervisionOrderStatusEnum": "xiaoneng.supervision.choices.OrderStatus",
        "SupervisionNotificationKindEnum": "xiaoneng.supervision.choices.NotificationKind",
        "WorkdaysDayKindEnum": "xiaoneng.workdays.choices.DayKind",
    },
}

# The supervision centre also shows what is overdue in the records of apps
# above it (xiaoneng/supervision/panels.py): rectifications, complaints.
# Buttons and panels of apps above `cases` on the staff case page (cases.extensions).
CASE_PAGE_ACTIONS = ["xiaoneng.applicants.links.query_code_action"]
CASE_PAGE_PANELS = ["xiaoneng.supervision.case_page.supervision_panel"]

SUPERVISION_CENTRE_PANELS = [
    "xiaoneng.campaign.selectors.centre_panel",
    "xiaoneng.feedback.selectors.centre_panel",
]

# --- Internationalisation -------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Amounts grouped by thousands in Chinese too (xiaoneng/formats/zh_Hans).
FORMAT_MODULE_PATH = ["xiaoneng.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
if DEBUG:
    # WhiteNoise warns on every request while STATIC_ROOT is missing; in
    # development it serves from the finders and the folder stays empty.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Cache ----------------------------------------------------------------

# Redis when REDIS_URL is set: counters such as the portal's lookup rate limit
# must be shared by every gunicorn worker. Development: local memory, per process.
_redis_url = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Background work (Celery) --------------------------------------------

# Production: Redis (REDIS_URL or CELERY_BROKER_URL) and Celery beat run the
# supervision sweep (xiaoneng/celery.py). With no broker configured a task
# runs in-process when called, and `make run` keeps the sweep going itself.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or env_str("REDIS_URL", "") or "memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# A full supervision sweep on PostgreSQL reads this many ranges of cases side
# by side, each in its own thread and connection (sweep.run_sweep).
SUPERVISION_SWEEP_WORKERS = env_int("SWEEP_WORKERS", min(4, os.cpu_count() or 1))
# Side by side in forked processes when the sweeping process runs one thread
# (else in threads, which share one core for their Python work).
SUPERVISION_SWEEP_PROCESSES = env_bool("SWEEP_PROCESSES", True)
# Cases per batch (one transaction each). Fewer, larger batches cost less per
# case (a batch's statements are planned and sent once); each one locks the
# rows it changes until it commits, under a second at this size. Measured at
# 1M cases on PostgreSQL (bench/supervise.py's first sweep, 2 cores): 5,000 took
# 15.5-16.5 s, 20,000 14.3-14.9 s, 50,000 16.5 s (a batch outgrows the server's buffers).
SUPERVISION_SWEEP_BATCH_SIZE = env_int("SWEEP_BATCH_SIZE", 20_000)

# The department's public service and complaint hotline (12336 is the land and
# resources hotline): the portal's footer, and a guide whose item and unit give none.
DEPARTMENT_HOTLINE = env_str("DEPARTMENT_HOTLINE", "0951-12336")

# Notices read more than this many days ago are deleted by the periodic work
# (supervision.services.prune_notifications); unread ones are kept. They are
# messages, not the record: cards, orders and every step are on the case log.
NOTIFICATION_KEEP_DAYS = env_int("NOTIFICATION_KEEP_DAYS", 180)
if NOTIFICATION_KEEP_DAYS < 1:
    raise ImproperlyConfigured("The environment variable NOTIFICATION_KEEP_DAYS must be 1 or more.")

# --- E-mail (notifications) ------------------------------------------------

# Development prints e-mails to the console; a deployment sets EMAIL_HOST etc.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "xiaoneng@localhost")
SMS_BACKEND = env_str("SMS_BACKEND", "xiaoneng.supervision.notifications.LoggingSmsBackend")

# --- Logging --------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "xiaoneng": {"level": env_str("LOG_LEVEL", "INFO")},
        "axes": {"level": "WARNING"},
    },
}

"""Settings shared by every environment.

Everything comes from the environment. With no environment at all the site runs on the
embedded default: SQLite, the embedded search backend, Celery tasks run eagerly, local-memory
cache and e-mail to the console, so a newcomer needs nothing but Python.
"""

import os
import time
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _
from kombu import Queue

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def local_secret_key(path):
    """This install's own secret key, made on first run and kept in `path` (ignored by git).

    The embedded default needs no environment, yet no two installs may share a key: a public one
    would let anyone forge sessions and signed links. Created exclusively (two processes starting
    at once agree on one key) and readable by the owner only.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):  # another process may be writing it this instant
            if key := path.read_text().strip():
                return key
            time.sleep(0.1)
        raise
    key = get_random_secret_key()
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key


SECRET_KEY = env("SECRET_KEY", default="") or local_secret_key(
    env("SECRET_KEY_FILE", default=str(BASE_DIR / ".secret_key"))
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Project apps first so their templates override third-party ones.
    "core",
    "accounts",
    "taxonomy",
    "home",
    "listings",
    "search",
    "dealflow",
    "platforms",
    "roadshow",
    "procurement",
    "funding",
    "network",
    "notifications",
    "digest",
    "indicators",
    "workspace",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_celery_beat",
    "django_elasticsearch_dsl",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.middleware.ContentSecurityPolicyMiddleware",
    "marketplace.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "marketplace.middleware.StaffTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: a cached page skips only the view; every middleware above still runs per request.
    "core.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env("REDIS_URL", default="")


def redis_caches(url):
    """The default cache and the page cache on Redis, both surviving its loss (core.cache).

    The default cache (Wagtail's site roots, allauth's sign-in rate limits, DRF throttles) answers
    from a per-process memory cache while Redis is gone; the page cache simply misses.
    """
    backend = "core.cache.ResilientRedisCache"
    return {
        "default": {"BACKEND": backend, "LOCATION": url, "OPTIONS": {"FALLBACK": True}},
        "pages": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "pages", "OPTIONS": {"FALLBACK": False}},
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
# Anonymous pages served whole from the "pages" cache (core.pagecache); a change shows at once,
# this only bounds how long parts without a change signal (time passing, track names) may lag.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# --- Languages and time -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Thread files, NDAs, product and listing attachments: outside MEDIA_ROOT and without a URL, so
# only the permission-checked download views hand them out (core.uploads.private_storage).
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.uploads.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Listing and thread attachments: what users may upload, checked by content as well as name.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

# --- Auth (django-allauth) ----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's own defaults, spelled out so nobody switches them off by accident. The "key" of
# login_failed is the account and the address together (accounts.adapter): a stranger's wrong
# passwords never lock the owner out.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff with admin access must set up an authenticator app (on in production).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
MFA_TOTP_ISSUER = "Binhai Tech Transfer"

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "滨海未来产业科技成果转化平台"
WAGTAILADMIN_BASE_URL = SITE_URL
# Page search always uses the database backend: Wagtail's Elasticsearch mapping needs the
# analysis-common module (edge_ngram), which the Elasticsearch we run does not ship.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_PASSWORD_RESET_ENABLED = True
# No avatars from Gravatar: it would learn which editors work when, and the policy allows no http.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_LOGIN_URL = "account_login"  # allauth's form: rate limits and the two-factor stage
# Wagtail 8 runs its own background jobs (reference index, file clean-up) through django-tasks.
TASKS = {
    "default": {
        "BACKEND": env("WAGTAIL_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
    }
}

# --- Search and matching ------------------------------------------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# "elasticsearch" when a server is configured, otherwise the embedded backend (no server).
SEARCH_BACKEND = env("SEARCH_BACKEND", default="elasticsearch" if ELASTICSEARCH_URL else "embedded")
# The embedded backend's base index, written once per revision and mapped by every worker
# (search.backends.embedded); below SEARCH_EMBEDDED_SHARED_FROM documents of a kind it stays in
# the process. Not committed (.gitignore).
SEARCH_EMBEDDED_DIR = env("SEARCH_EMBEDDED_DIR", default=str(BASE_DIR / "var" / "embedded-index"))
SEARCH_EMBEDDED_SHARED_FROM = env.int("SEARCH_EMBEDDED_SHARED_FROM", default=2000)
# From this many technologies with a vector, their passages are mapped from one file per version
# in the same directory (search.passages_shared): a match reads its candidates' passages with no query.
SEARCH_PASSAGES_SHARED_FROM = env.int("SEARCH_PASSAGES_SHARED_FROM", default=2000)
# From this many stored vectors of a kind, their averaged vectors too (search.vectors_shared): each
# process maps one float32 file instead of holding 1.5 kB a listing (3 MB at 2,000, 150 MB at 100,000).
SEARCH_VECTORS_SHARED_FROM = env.int("SEARCH_VECTORS_SHARED_FROM", default=2000)
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="binhai")
# Several nodes: a comma-separated list; the client spreads requests and skips a node that is down.
ELASTICSEARCH_HOSTS = [url.strip() for url in ELASTICSEARCH_URL.split(",") if url.strip()]
ELASTICSEARCH_DSL = {
    "default": {"hosts": ELASTICSEARCH_HOSTS or "http://127.0.0.1:9200", "request_timeout": 5}
}
# Listing index settings (docs/scaling.md): one shard up to about 5 million listings; one
# replica as soon as there are two nodes; new documents searchable within the refresh interval.
ELASTICSEARCH_SHARDS = env.int("ELASTICSEARCH_SHARDS", default=1)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
ELASTICSEARCH_REFRESH_INTERVAL = env("ELASTICSEARCH_REFRESH_INTERVAL", default="1s")
# How long a bulk write waits for the shard copies it needs before the items count as refused
# (then they wait in the pending-updates table).
ELASTICSEARCH_BULK_TIMEOUT = env("ELASTICSEARCH_BULK_TIMEOUT", default="30s")
# The Celery queue the rebuild's chunks (and index updates) go to (docs/scaling.md).
SEARCH_INDEX_QUEUE = env("SEARCH_INDEX_QUEUE", default="index")
ELASTICSEARCH_DSL_AUTOSYNC = bool(ELASTICSEARCH_URL)
ELASTICSEARCH_DSL_AUTO_REFRESH = env.bool("ELASTICSEARCH_DSL_AUTO_REFRESH", default=False)
# Meaning vectors for matching (search.embedding): computed by a worker on the "embeddings" queue
# (celery -A marketplace worker -Q embeddings -c 1). Off: matching is lexical only.
SEARCH_EMBEDDINGS = env.bool("SEARCH_EMBEDDINGS", default=True)
SEARCH_EMBEDDING_THREADS = env.int("SEARCH_EMBEDDING_THREADS", default=2)
# Development and evaluation: keep every embedded text on disk (temp dir) and read it back when
# the same text comes again (re-importing a set); the model is deterministic, the vectors equal.
SEARCH_EMBEDDING_CACHE = env.bool("SEARCH_EMBEDDING_CACHE", default=False)
SEARCH_EMBEDDINGS_REFRESH_SECONDS = env.float("SEARCH_EMBEDDINGS_REFRESH_SECONDS", default=2.0)
# Above this many vectors of a kind the nearest are not searched by brute force (see search.embedding).
SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO = env.int("SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO", default=20000)

# --- Background work ----------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Slow CPU work has its own worker (docker-compose "embedder"), so it never delays e-mails or indexing.
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# One queue per kind of work, so each can have its own workers (docs/scaling.md). A worker started
# without -Q consumes them all; `celery -A marketplace worker -Q email` serves only e-mail.
BACKGROUND_QUEUES = {
    "default": "reminders, reports, session generation, the outbox relay",
    "index": "search index updates",
    "embeddings": "meaning vectors of listings (slow: its own workers)",
    "email": "notification e-mails",
    "digest": "daily digests",
    "payments": "seat holds and payment clean-up",
}
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in BACKGROUND_QUEUES]
CELERY_TASK_ROUTES = {
    "search.embed_listing": {"queue": "embeddings"},
    "search.embed_listings": {"queue": "embeddings"},
    "search.*": {"queue": "index"},
    "notifications.send_notification_email": {"queue": "email"},
    "notifications.send_daily_digests": {"queue": "digest"},
    "roadshow.release_expired_holds": {"queue": "payments"},
}

# --- E-mail -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Binhai Tech Transfer <noreply@binhai.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Payments -----------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # stripe-mock in tests
STRIPE_CURRENCY = "cny"

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The services' ValidationError / PermissionDenied / RateLimited become 400 / 403 / 429.
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": "120/minute",
        "user": "600/minute",
        "messages": "30/minute",
        "roadshow": "30/minute",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Binhai technology-transfer marketplace API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Only the public API is documented; Wagtail's admin API is internal to the admin.
    "PREPROCESSING_HOOKS": ["marketplace.api_schema.public_api_only"],
    # Several models have a "status" field; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "RoadshowRegistrationStatusEnum": "roadshow.models.Registration.Status",
        "RoadshowSessionStatusEnum": "roadshow.models.RoadshowSession.Status",
        "RoadshowBankTransferStatusEnum": "roadshow.models.BankTransfer.Status",
        "RoadshowInvoiceStatusEnum": "roadshow.models.InvoiceRequest.Status",
        "RoadshowPaymentMethodEnum": "roadshow.models.PaymentMethod",
        "ListingStatusEnum": "listings.models.Listing.Status",
        "DeclineReasonEnum": "dealflow.models.MatchRequest.DeclineReason",
        "SlotDeclineReasonEnum": "platforms.models.SlotRequest.DeclineReason",
        "FundingStageEnum": "funding.models.Stage",
        "FundingReviewStepEnum": "funding.models.ReviewStep",
        "BrokerageDeclineReasonEnum": "network.models.BrokerageRequest.DeclineReason",
        "BrokerageStatusEnum": "network.models.BrokerageRequest.Status",
    },
}

# --- Security defaults that hold everywhere -----------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview view overrides this to SAMEORIGIN for itself.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and styles only from the site itself (a nonce for any inline script that must be);
# forms may also lead to Stripe Checkout, which the register and pay buttons redirect to. The
# editors' admin gets inline styles as well (marketplace.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "https:"],
        "frame-src": [SELF, "https:"],  # embedded videos in news and policy pages
        "frame-ancestors": [SELF],  # Wagtail's preview frames the site in its own admin
        "form-action": [SELF, "https://checkout.stripe.com"],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Browser features the site never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elasticsearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

ROLE_LABELS = {
    "researcher": _("Researcher"),
    "enterprise": _("Enterprise"),
    "investor": _("Investor"),
    "broker": _("Technology broker"),
    "editor": _("Editor"),
}

"""linli settings, driven by environment variables (see README "Production").

Secrets can also be read from files: LINLI_SECRET_KEY_FILE etc. An env file named by
LINLI_ENV_FILE (default var/linli.env, written by `make run`) is read when it exists.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
_env_file = Path(env.str("LINLI_ENV_FILE", default=str(BASE_DIR / "var" / "linli.env")))
if _env_file.exists():
    env.read_env(str(_env_file), overwrite=False)


def secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME or from the file named by NAME_FILE."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return env.str(name, default=default)


DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The demo relaxes two-factor sign-in for staff; production never sets it.
LINLI_DEMO = env.bool("LINLI_DEMO", default=False)

SECRET_KEY = secret("LINLI_SECRET_KEY") or ""
# The demo answers to any host name, so `make run HOST=0.0.0.0:8080` is reachable by the machine's
# address on the LAN; production names its hosts.
ALLOWED_HOSTS = env.list("LINLI_ALLOWED_HOSTS", default=["*"] if LINLI_DEMO else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("LINLI_CSRF_TRUSTED_ORIGINS", default=[])
# The address residents type or scan to reach linli (printed on voting slips, with a QR code):
# "https://linli.example.gov.cn". Empty: the address the page was asked for.
LINLI_PUBLIC_URL = env.str("LINLI_PUBLIC_URL", default="").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_rq",
    "pgtrigger",
    "ninja",
    "linli.common",
    "linli.ui",
    "linli.audit",
    "linli.areas",
    "linli.accounts",
    "linli.registry",
    "linli.tickets",
    "linli.governance",
    "linli.finance",
    "linli.disclosure",
    "linli.services",
    "linli.publicservices",
    "linli.organizations",
    "linli.volunteers",
    "linli.operations",
    "linli.facilities",
    "linli.indicators",
    "linli.public",
    "linli.web",
    "linli.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "linli.common.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication: a write is remembered for the signed-in reader (dbrouter).
    "linli.common.dbrouter.ReplicaRoutingMiddleware",
    "linli.audit.middleware.AuditContextMiddleware",
    "linli.accounts.middleware.RequireTwoFactorMiddleware",
    "linli.web.middleware.TextSizeMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "linli.urls"
WSGI_APPLICATION = "linli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "linli.web.context.navigation",
            ],
        },
    }
]

VAR_DIR = Path(env.str("LINLI_VAR_DIR", default=str(BASE_DIR / "var")))
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'linli.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a background command share the file. Write
    # transactions take the lock when they begin (IMMEDIATE): a transaction that read first and
    # wrote second would otherwise fail at once with "database is locked" when another process
    # wrote in between, whatever the timeout (seen with two gunicorn workers under the fuzzer).
    # Covering indexes (INCLUDE) serve PostgreSQL; SQLite builds them without the extra columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("LINLI_DB_CONN_MAX_AGE", default=60))
    # A reused connection is checked (one round trip) before each request's first query.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("LINLI_DB_HEALTH_CHECKS", default=False)
    # Django's cursors bind on the client and are never prepared; this only lets the few reads
    # that ask for it (tickets.fastlist._prepared_cursor) prepare their statement, and keeps
    # psycopg from preparing anything on its own.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 1_000_000_000)
# Behind PgBouncer in transaction mode (docs/scaling.md): no server-side cursors (.iterator()
# would declare a cursor that outlives its transaction's server connection), and no prepared
# statements unless LINLI_DB_PREPARE=1 says PgBouncer keeps them (1.21+, max_prepared_statements).
LINLI_DB_TRANSACTION_POOLING = env.bool("LINLI_DB_TRANSACTION_POOLING", default=False)
# Server-side prepared statements for the busiest reads; off behind a PgBouncer that cannot keep them.
LINLI_DB_PREPARE = env.bool("LINLI_DB_PREPARE", default=not LINLI_DB_TRANSACTION_POOLING)
# Read replicas (PostgreSQL streaming replicas, comma-separated URLs): the reads that tolerate a
# little lag go there (linli.common.dbrouter); none, or SQLite: everything on the one database.
LINLI_DB_REPLICAS: list[str] = []
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = LINLI_DB_TRANSACTION_POOLING
    for _n, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
        _replica = env.db_url_config(_url)
        _replica["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], **_replica.get("OPTIONS", {})}
        _replica["OPTIONS"].setdefault("connect_timeout", 2)  # a dead replica costs 2 s, once per check
        for _key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS"):
            _replica[_key] = DATABASES["default"][_key]
        _replica["TEST"] = {"MIRROR": "default"}
        DATABASES[f"replica{_n}"] = _replica
        LINLI_DB_REPLICAS.append(f"replica{_n}")
# A replica further behind than this serves nothing; its state is probed this often (shared cache).
LINLI_DB_REPLICA_MAX_LAG_SECONDS = env.float("LINLI_DB_REPLICA_MAX_LAG_SECONDS", default=5.0)
LINLI_DB_REPLICA_CHECK_SECONDS = env.float("LINLI_DB_REPLICA_CHECK_SECONDS", default=2.0)
DATABASE_ROUTERS = ["linli.common.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Bearer tokens and their users' grants are cached this long (accounts.authcache); changes drop
# the entries at once in every process, which needs a cache all processes share: without Redis
# nothing is cached (0), and `check --deploy` refuses caching over a per-process cache.
LINLI_AUTH_CACHE_SECONDS = env.int("LINLI_AUTH_CACHE_SECONDS", default=60 if REDIS_URL else 0)

# The indicators' refresh after an event (issue 17) is queued once per area and set of figures
# while one is waiting (issue 18: at city scale each refresh costs an RQ worker ~0.3-0.5 s); the
# flag lives in the cache, which every process must share (Redis).
LINLI_INDICATOR_REFRESH_COALESCE = env.bool("LINLI_INDICATOR_REFRESH_COALESCE", default=bool(REDIS_URL))

# Background work: "immediate" runs jobs in-process after commit (embedded default);
# "rq" puts them on the Redis queue for `manage.py rqworker` (production).
LINLI_JOBS_BACKEND = env.str("LINLI_JOBS_BACKEND", default="rq" if REDIS_URL else "immediate")
RQ_QUEUES = {
    "default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600},
}

# Imports (registry): what one uploaded file may hold, checked before it is parsed.
LINLI_IMPORT_MAX_BYTES = env.int("LINLI_IMPORT_MAX_BYTES", default=64 * 1024 * 1024)
LINLI_IMPORT_MAX_ROWS = env.int("LINLI_IMPORT_MAX_ROWS", default=200_000)
# An XLSX is a zip: its members may unpack to this much in all, and a big member (over 1 MB) to at
# most this many times its packed size (sheets of real data pack 5-30 times).
LINLI_IMPORT_MAX_UNZIPPED_BYTES = env.int("LINLI_IMPORT_MAX_UNZIPPED_BYTES", default=256 * 1024 * 1024)
LINLI_IMPORT_MAX_ZIP_RATIO = env.int("LINLI_IMPORT_MAX_ZIP_RATIO", default=100)
# An import lists this many bad lines, then says how many more there are.
LINLI_IMPORT_MAX_ERRORS = env.int("LINLI_IMPORT_MAX_ERRORS", default=500)
# Uploaded import files are deleted once their job has ended, and at the latest after this long;
# a job that has not moved (no heartbeat) for LINLI_IMPORT_STUCK_MINUTES is marked failed.
LINLI_IMPORT_UPLOAD_MAX_AGE_HOURS = env.int("LINLI_IMPORT_UPLOAD_MAX_AGE_HOURS", default=24)
LINLI_IMPORT_STUCK_MINUTES = env.int("LINLI_IMPORT_STUCK_MINUTES", default=30)

# Facilities map: the deployment's tile server (an intranet map service), e.g.
# "https://tiles.example.gov.cn/{z}/{x}/{y}.png"; empty draws grids and components on a plain
# background. The city's bounding box (min lat, min lon, max lat, max lon) refuses positions
# outside it (Beijing's by default).
LINLI_MAP_TILE_URL = env.str("LINLI_MAP_TILE_URL", default="")
LINLI_MAP_TILE_ATTRIBUTION = env.str("LINLI_MAP_TILE_ATTRIBUTION", default="")
LINLI_CITY_BBOX = [
    float(x) for x in env.list("LINLI_CITY_BBOX", default=["39.40", "115.40", "41.10", "117.55"])
]
# Services coverage (一刻钟社区服务圈): a provider within this many metres (straight line) of a
# community's point counts as within a 15-minute walk.
LINLI_SERVICES_WALK_METRES = env.int("LINLI_SERVICES_WALK_METRES", default=1000)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "linli.accounts.backends.PhoneOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "linli.accounts.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "linli.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("LINLI_PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "linli.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "linli.accounts.passwords.NumericPasswordValidator"},
    {"NAME": "linli.accounts.passwords.MixedCharactersValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout of repeated failed logins (django-axes): per account and address.
AXES_FAILURE_LIMIT = env.int("LINLI_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LINLI_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures count against the account, however its name was typed (spaces, +86, full-width).
AXES_USERNAME_CALLABLE = "linli.accounts.backends.lockout_key"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor sign-in (TOTP) for every staff role; the demo may relax it.
LINLI_REQUIRE_2FA = env.bool("LINLI_REQUIRE_2FA", default=not LINLI_DEMO)
OTP_TOTP_ISSUER = "linli"

# Personal data: Fernet keys (first encrypts, all decrypt: rotation) and the blind-index key.
LINLI_FIELD_KEYS = [k for k in (secret("LINLI_FIELD_KEYS") or "").split(",") if k.strip()]
LINLI_BLIND_INDEX_KEY = secret("LINLI_BLIND_INDEX_KEY") or ""
# Audit chain: the HMAC key of its links (kept out of the database, so whoever holds only the
# database cannot rewrite it unnoticed), and where the head's checkpoints are appended every
# few minutes (a directory the database's administrators cannot write; empty: the log only).
LINLI_AUDIT_KEY = secret("LINLI_AUDIT_KEY") or ""
LINLI_AUDIT_CHECKPOINT_DIR = env.str("LINLI_AUDIT_CHECKPOINT_DIR", default="")
# Retention in months per kind of record (docs/retention.md). Audit events are logs: at least 6
# (网络安全法 第二十一条), refused below by a system check. Past it, PostgreSQL's monthly partitions are
# archived to gzip files in LINLI_ARCHIVE_DIR (kept for years, off the database), never deleted.
LINLI_RETENTION = {
    "audit": env.int("LINLI_RETENTION_AUDIT_MONTHS", default=36),
    "tickets": env.int("LINLI_RETENTION_TICKETS_MONTHS", default=60),
    "timeline": env.int("LINLI_RETENTION_TIMELINE_MONTHS", default=60),
}
LINLI_ARCHIVE_DIR = env.str("LINLI_ARCHIVE_DIR", default=str(VAR_DIR / "archive"))
# A counted election round's board, gzipped once with its SHA-256 and served as a file (issue 20).
LINLI_BOARD_DIR = env.str("LINLI_BOARD_DIR", default=str(VAR_DIR / "boards"))
LINLI_PARTITIONS_AHEAD = env.int("LINLI_PARTITIONS_AHEAD", default=2)  # months made in advance
# Text messages to residents: a class with send(to, text); the default logs them, phone masked.
# Welfare checks: a 包户 worker keeps this many; the rest go to the community's volunteers.
LINLI_WELFARE_MAX_PER_WORKER = env.int("LINLI_WELFARE_MAX_PER_WORKER", default=60)
LINLI_SMS_BACKEND = env.str("LINLI_SMS_BACKEND", default="linli.tickets.notify.ConsoleBackend")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Each app keeps its own catalog in linli/<app>/locale/ (see `make messages`).
LANGUAGE_COOKIE_NAME = "linli_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env.str("LINLI_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Temporary files with personal data (uploads being received, import spools, exports): unnamed
# where the platform allows, in this private directory; leftovers are swept (linli.common.tempfiles).
LINLI_TMP_DIR = Path(env.str("LINLI_TMP_DIR", default=str(VAR_DIR / "tmp")))
LINLI_TMP_MAX_AGE_MINUTES = env.int("LINLI_TMP_MAX_AGE_MINUTES", default=60)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "linli.common.tempfiles.UnnamedFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("LINLI_SESSION_AGE", default=8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The demo runs without DEBUG (a stale link shows linli's 404, not Django's URL list) but over plain
# HTTP on a developer's machine or a LAN: no redirect to HTTPS, no HSTS, no HTTPS-only cookies.
_HTTPS = not LINLI_DEMO
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("LINLI_SSL_REDIRECT", default=_HTTPS)
    # Load balancers probe the health check over plain HTTP and take a redirect for a failure.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("LINLI_HSTS_SECONDS", default=31536000 if _HTTPS else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("LINLI_HSTS_PRELOAD", default=False)
    # Intranet (政务外网) hosts cannot be on the browsers' public preload list.
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool(
        "LINLI_SECURE_COOKIES", default=_HTTPS
    )

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LINLI_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

"""Settings for the test suite: fixed throw-away keys, fast hashing, in-process jobs."""

import tempfile
from pathlib import Path

from linli.settings import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
# Two Fernet keys so that tests can exercise rotation; neither is used anywhere else.
LINLI_FIELD_KEYS = [
    "Xr3u5ZUJ2A3nbVx3fV7bqzQ8d5o0mvv6h4Zp8bC1KsI=",
    "Y2u9pP6b2lq8wM0Kz7xT3hN4cV1sR5aE9dF6gJ2kL0o=",
]
LINLI_BLIND_INDEX_KEY = "test-blind-index-key"
LINLI_AUDIT_KEY = "test-audit-key"
LINLI_AUDIT_CHECKPOINT_DIR = ""
LINLI_DEMO = False
LINLI_REQUIRE_2FA = True
LINLI_JOBS_BACKEND = "immediate"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
SECURE_SSL_REDIRECT = False
# A bounded in-memory outbox that tests read (the `sms_outbox` fixture); production logs or sends.
LINLI_SMS_BACKEND = "linli.tickets.notify.MemoryBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The suite is one process, so its local-memory cache stands in for Redis: authentication is cached.
LINLI_AUTH_CACHE_SECONDS = 60
# Every test reads from the one test database, whatever DATABASE_REPLICA_URLS says; the replica
# tests (linli/common/tests/test_replica_live.py) turn routing on themselves.
LINLI_DB_REPLICAS = []
# Counted boards' files (LINLI_BOARD_DIR) never land in the checkout; governance tests use tmp_path.
LINLI_BOARD_DIR = str(Path(tempfile.gettempdir()) / "linli-test-boards")

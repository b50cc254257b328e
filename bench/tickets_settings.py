"""Settings for the tickets benchmark server: the test settings, quiet logs, the ping view."""

import os

from linli.settings.test import *  # noqa: F403

ROOT_URLCONF = "tickets_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# `--jobs rq` (bench/tickets.py): background work (the indicators' refresh after an intake, SMS)
# goes to Redis for an RQ worker, as in production, instead of running inside the request after
# its commit (linli.settings.test runs jobs "immediate", the embedded default).
if os.environ.get("BENCH_JOBS_REDIS"):
    LINLI_JOBS_BACKEND = "rq"
    RQ_QUEUES = {"default": {"URL": os.environ["BENCH_JOBS_REDIS"], "DEFAULT_TIMEOUT": 600}}
    # As with REDIS_URL in production: one cache for every process, and so the indicators'
    # refreshes coalesced (`--coalesce no` to queue one per intake).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_JOBS_REDIS"],
        }
    }
    LINLI_INDICATOR_REFRESH_COALESCE = os.environ.get("BENCH_COALESCE", "yes") == "yes"

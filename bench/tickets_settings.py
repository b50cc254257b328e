"""Settings for the tickets benchmark server: the test settings, quiet logs, the ping view."""

from linli.settings.test import *  # noqa: F403

ROOT_URLCONF = "tickets_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

"""Settings for the indicators' benchmark server: the tickets bench's (test settings, quiet logs),
with the reference views of `indicators_urls`."""

from tickets_settings import *  # noqa: F403

ROOT_URLCONF = "indicators_urls"

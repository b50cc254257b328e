"""Settings for the soak server: the benchmark server's, with the production default SMS backend."""

from tickets_settings import *  # noqa: F403

LINLI_SMS_BACKEND = "linli.tickets.notify.ConsoleBackend"

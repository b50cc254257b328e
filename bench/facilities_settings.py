"""Settings for the facilities benchmark: the tickets bench server's (test settings, quiet logs, the
ping view) with background jobs queued on RQ in Redis, as a PostgreSQL deployment runs them. The
indicator refresh that a new ticket or a state change triggers then runs on an `rqworker`, not
inside the request (the embedded default runs it in-process after the commit, which a city-scale
deployment does not).

Redis database 14 of the local server; `facilities.py` empties its queue when done.
"""

import os

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")

from tickets_settings import *  # noqa: F403

LINLI_JOBS_BACKEND = "rq"

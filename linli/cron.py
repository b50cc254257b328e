"""`rq cron linli/cron.py`: enqueue every declared periodic sweep on the Redis queue.

Run with DJANGO_SETTINGS_MODULE set; see README "Production".
"""

import django

django.setup()

from rq import cron  # noqa: E402

from linli.common.jobs import PERIODIC  # noqa: E402
from linli.common.sweeps import load_all  # noqa: E402

load_all()
for entry in PERIODIC.values():
    cron.register(entry.func, queue_name="default", interval=entry.seconds)

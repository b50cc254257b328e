"""The audit sweep: a checkpoint of the chain's head, outside the database, every five minutes."""

from linli.audit import checkpoint
from linli.common.jobs import periodic


@periodic(seconds=300)
def checkpoint_head() -> None:
    checkpoint.write()

"""The audit sweeps: a checkpoint of the chain's head, outside the database, every five minutes;
the partitions and retention (`linli.audit.retention`) every hour."""

from linli.audit import checkpoint, retention
from linli.common.jobs import periodic


@periodic(seconds=300)
def checkpoint_head() -> None:
    checkpoint.write()


@periodic(seconds=3600)
def partitions_maintain() -> None:
    """PostgreSQL: the coming months' partitions, the id sequences, archiving past retention."""
    retention.maintain()

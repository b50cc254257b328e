"""PostgreSQL: audit events in monthly partitions by id (linli.common.partitions).

SQLite keeps its table. The chain's sequence number stays unique through the head row every
append locks (and `verify` reports a repeated or missing number); a partitioned table cannot
hold a unique key without its partition key. The append-only trigger is made again on the
partitioned table, so each partition has it.
"""

from django.db import migrations
from django.utils import timezone

from linli.common import partitions


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    month = partitions.month_index(timezone.now().date())
    with schema_editor.connection.cursor() as cursor:
        if not partitions.is_partitioned(cursor, "audit_auditevent"):
            partitions.convert(cursor, partitions.TABLES["audit_auditevent"], month=month, ahead=2)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_archive")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]

"""Indexes nothing reads (issue 18, measured on the city of bench/city.py at scale 0.02):

- the timeline's index on `ticket_id` alone: `tickets_event_ticket (ticket_id, at)` serves every
  lookup by ticket (and the foreign key's cascade), 43 MB of 390 MB;
- on PostgreSQL, the `varchar_pattern_ops` twins of the ticket number and the token (for
  `LIKE 'x%'`, which no query uses: numbers and tokens are looked up whole), 51 MB of 442 MB.
"""

import django.db.models.deletion
from django.db import migrations, models

LIKE_TWINS = ("tickets_ticket_code_87b684f4_like", "tickets_ticket_token_55001a69_like")


TICKET_ALONE = "tickets_ticketevent_ticket_id_b572d14b"


def drop_indexes(apps, schema_editor):
    # By name: Django's own AlterField would drop and re-add the foreign key, which on a
    # partitioned table it looks for under the partitions' names.
    schema_editor.execute(f'DROP INDEX IF EXISTS "{TICKET_ALONE}"')
    if schema_editor.connection.vendor == "postgresql":
        for name in LIKE_TWINS:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def make_indexes(apps, schema_editor):
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{TICKET_ALONE}" ON tickets_ticketevent (ticket_id)')
    if schema_editor.connection.vendor == "postgresql":
        for name, column in zip(LIKE_TWINS, ("code", "token"), strict=True):
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON tickets_ticket ({column} varchar_pattern_ops)'
            )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_partitioned")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticketevent",
                    name="ticket",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="tickets.ticket",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, make_indexes, elidable=False)],
        ),
    ]

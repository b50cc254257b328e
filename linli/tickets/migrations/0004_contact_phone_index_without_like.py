"""contact_phone_index keeps its btree (now named in Meta.indexes) and loses the `_like` twin."""

import linli.common.crypto
from django.db import migrations, models

from linli.common.migration_ops import blind_index_without_like


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_fillfactor")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="contact_phone_index",
                    field=linli.common.crypto.BlindIndexField(
                        blank=True,
                        db_index=False,
                        editable=False,
                        kind="phone",
                        max_length=64,
                        source="contact_phone",
                    ),
                ),
                migrations.AddIndex(
                    model_name="ticket",
                    index=models.Index(fields=["contact_phone_index"], name="tickets_contact_phone_index"),
                ),
            ],
            database_operations=[
                blind_index_without_like(
                    "tickets_ticket", "contact_phone_index", "tickets_contact_phone_index"
                ),
            ],
        )
    ]

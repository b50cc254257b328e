"""phone_index keeps its btree (now named in Meta.indexes) and loses the `_like` twin.

The partial unique index accounts_user_unique_phone is left alone.
"""

import linli.common.crypto
from django.db import migrations, models

from linli.common.migration_ops import blind_index_without_like


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_sensitive_grant")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="user",
                    name="phone_index",
                    field=linli.common.crypto.BlindIndexField(
                        blank=True, db_index=False, editable=False, kind="phone", max_length=64, source="phone"
                    ),
                ),
                migrations.AddIndex(
                    model_name="user",
                    index=models.Index(fields=["phone_index"], name="accounts_user_phone_index"),
                ),
            ],
            database_operations=[
                blind_index_without_like("accounts_user", "phone_index", "accounts_user_phone_index"),
            ],
        )
    ]

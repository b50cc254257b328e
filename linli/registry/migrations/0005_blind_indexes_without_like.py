"""The blind indexes keep their btree (now named in Meta.indexes) and lose the `_like` twins.

BlindIndexField no longer sets db_index (PostgreSQL added a varchar_pattern_ops index for LIKE to
each, which a digest never serves and every insert paid for). The partial unique index
registry_resident_one_active_per_id is left alone.
"""

import linli.common.crypto
from django.db import migrations, models

from linli.common.migration_ops import blind_index_without_like


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_resident_name_c_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="resident",
                    name="id_index",
                    field=linli.common.crypto.BlindIndexField(
                        blank=True, db_index=False, editable=False, kind="id_number", max_length=64, source="id_number"
                    ),
                ),
                migrations.AlterField(
                    model_name="resident",
                    name="phone_index",
                    field=linli.common.crypto.BlindIndexField(
                        blank=True, db_index=False, editable=False, kind="phone", max_length=64, source="phone"
                    ),
                ),
                migrations.AddIndex(
                    model_name="resident",
                    index=models.Index(fields=["id_index"], name="registry_resident_id_index"),
                ),
                migrations.AddIndex(
                    model_name="resident",
                    index=models.Index(fields=["phone_index"], name="registry_resident_phone_index"),
                ),
            ],
            database_operations=[
                blind_index_without_like("registry_resident", "id_index", "registry_resident_id_index"),
                blind_index_without_like("registry_resident", "phone_index", "registry_resident_phone_index"),
            ],
        )
    ]

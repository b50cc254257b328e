"""The match keys' community is required and their index is partial on the seeking rows. Apart
from 0005 so that PostgreSQL checks 0005's filled foreign keys before the column is altered."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("publicservices", "0005_seekerskill_match_keys")]

    operations = [
        migrations.AlterField(
            model_name="seekerskill",
            name="community",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="areas.area"
            ),
        ),
        migrations.AddIndex(
            model_name="seekerskill",
            index=models.Index(
                condition=models.Q(("seeking", True)),
                fields=["skill", "availability", "community", "seeker"],
                name="ps_skill_match",
            ),
        ),
    ]

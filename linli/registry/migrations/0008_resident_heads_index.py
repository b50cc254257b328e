"""The heads of households, with what `counts.households_on` reads of them (issue 18): on
PostgreSQL the funding snapshot answers from this index alone instead of reading every resident."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_where_people_live")]

    operations = [
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(
                condition=models.Q(("relation", "head")),
                fields=["household"],
                include=("hukou_where", "lives_where", "lives_since", "registered_at", "left_at"),
                name="registry_resident_heads",
            ),
        ),
    ]

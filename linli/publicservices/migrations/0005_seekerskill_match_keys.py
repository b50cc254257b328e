"""Match keys: each skill row carries its seeker's community, availability and whether they are
seeking, copied from the seeker here and kept in step by the employment actions."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE publicservices_seekerskill SET
    community_id = (SELECT s.community_id FROM publicservices_seeker s WHERE s.id = seeker_id),
    availability = (SELECT s.availability FROM publicservices_seeker s WHERE s.id = seeker_id),
    seeking = (SELECT s.status = 'seeking' FROM publicservices_seeker s WHERE s.id = seeker_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("publicservices", "0004_merge_0003_employers_0003_property"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="seekerskill", name="ps_skill_seeker"),
        migrations.AddField(
            model_name="seekerskill",
            name="community",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="areas.area"
            ),
        ),
        migrations.AddField(
            model_name="seekerskill",
            name="availability",
            field=models.CharField(
                choices=[
                    ("full_time", "full time"),
                    ("part_time", "part time"),
                    ("flexible", "flexible hours"),
                ],
                default="full_time",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="seekerskill", name="seeking", field=models.BooleanField(default=True)
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]

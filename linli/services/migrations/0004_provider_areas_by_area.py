"""The providers serving an area, read from the index alone (dispatch: bench/services.py).

The many-to-many table Django makes has (provider, area) unique and area alone indexed; dispatch
looks providers up by area, and the heap visits of the area-only index were most of its time.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("services", "0003_home_care")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX services_provider_areas_by_area"
            " ON services_provider_service_areas (area_id, provider_id)",
            "DROP INDEX services_provider_areas_by_area",
        )
    ]

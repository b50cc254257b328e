from django.db import migrations


def load(apps, schema_editor):
    from linli.tickets.defaults import load as load_defaults

    load_defaults(apps.get_model("tickets", "Category"), apps.get_model("tickets", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

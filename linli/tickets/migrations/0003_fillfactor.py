from django.db import migrations


def fillfactor(apps, schema_editor):
    # Flags set by the sweep (warned, is_overdue, level...) are not indexed: with room left in
    # each page PostgreSQL updates them in place (HOT) instead of touching every index.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE tickets_ticket SET (fillfactor = 85)")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_defaults")]
    operations = [migrations.RunPython(fillfactor, migrations.RunPython.noop)]

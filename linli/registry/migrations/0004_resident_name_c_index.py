"""Name-prefix search on PostgreSQL: one index on name in the "C" collation.

In "C" a prefix LIKE becomes an index range and ORDER BY name COLLATE "C", id walks the same index,
so a page of a bare surname (tens of thousands of matches) reads 20 entries instead of sorting them
all. It replaces the varchar_pattern_ops index, which served LIKE but not the ordering. SQLite keeps
the plain (community, name) index.
"""

from django.db import migrations

CREATE = (
    'CREATE INDEX IF NOT EXISTS registry_resident_name_c ON registry_resident '
    '((name COLLATE "C"), id) INCLUDE (community_id, status)'
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_resident_name_c")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_resident_name_prefix_index")]

    operations = [
        migrations.RemoveIndex(model_name="resident", name="registry_resident_name_prefix"),
        migrations.RunPython(forwards, backwards),
    ]

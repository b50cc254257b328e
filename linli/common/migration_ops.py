"""Migration operations shared by apps (importable from migration files: keep them stable)."""

from typing import Any

from django.db import migrations


def blind_index_without_like(table: str, column: str, index: str) -> migrations.RunPython:
    """Database side of turning a BlindIndexField's db_index into a named `models.Index`.

    Keeps the existing btree (renamed to `index`, no rebuild on PostgreSQL) and drops its
    varchar_pattern_ops `_like` twin. Django's own AlterField(db_index=False) is not used: it drops
    every single-column index on the column it finds, partial unique ones (one active record per
    ID, one account per phone) included.
    """

    def forwards(apps: Any, schema_editor: Any) -> None:
        old = schema_editor._create_index_name(table, [column], suffix="")
        qn = schema_editor.quote_name
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {qn(old + '_like')}")
            schema_editor.execute(f"ALTER INDEX IF EXISTS {qn(old)} RENAME TO {qn(index)}")
        else:  # SQLite cannot rename an index
            schema_editor.execute(f"DROP INDEX IF EXISTS {qn(old)}")
            schema_editor.execute(f"CREATE INDEX {qn(index)} ON {qn(table)} ({qn(column)})")

    def backwards(apps: Any, schema_editor: Any) -> None:
        old = schema_editor._create_index_name(table, [column], suffix="")
        qn = schema_editor.quote_name
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER INDEX IF EXISTS {qn(index)} RENAME TO {qn(old)}")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {qn(old + '_like')} ON {qn(table)} ({qn(column)} varchar_pattern_ops)"
            )
        else:
            schema_editor.execute(f"DROP INDEX IF EXISTS {qn(index)}")
            schema_editor.execute(f"CREATE INDEX {qn(old)} ON {qn(table)} ({qn(column)})")

    return migrations.RunPython(forwards, backwards)

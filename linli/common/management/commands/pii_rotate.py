from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from linli.audit.chain import record
from linli.common.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = "Re-encrypt every personal-data field with the first key of LINLI_FIELD_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        qn = connection.ops.quote_name
        total = 0
        for model in apps.get_models():
            table, pk = qn(model._meta.db_table), qn(str(model._meta.pk.column))
            for field in model._meta.get_fields():
                if not isinstance(field, EncryptedTextField):
                    continue
                column = qn(str(field.column))
                # Raw SQL: the ciphertext itself is rotated, never the decrypted value.
                with transaction.atomic(), connection.cursor() as cur:
                    cur.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                    rows = cur.fetchall()
                    cur.executemany(
                        f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                        [(rotate(token), key) for key, token in rows],
                    )
                total += len(rows)
                self.stdout.write(f"{model._meta.label}.{field.name}: {len(rows)} values")
        with transaction.atomic():
            record(actor=None, action="common.pii.rotated", details={"values": total})
        self.stdout.write(f"re-encrypted {total} values")

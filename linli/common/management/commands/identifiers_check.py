"""Find identifiers stored before input was normalised: full-width or other scripts' digits, spaces,
a lower-case x. Report only: nothing is changed (a fix is a worker's decision, e.g. a duplicate).

Checks every personal-data field (ID and mobile numbers, all encrypted) against the one spelling
`linli.common.identifiers.fold` gives, and every `code` / `*_code` column for non-ASCII
characters. Values are never printed, only the row and what is wrong.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from linli.common.crypto import BlindIndexField, EncryptedTextField, blind_index
from linli.common.identifiers import fold


def _index_twin(model: type[models.Model], field: models.Field, pk: Any, value: str) -> Any:
    """The pk of another row whose blind index already holds the normalised value (a duplicate)."""
    for other in model._meta.get_fields():
        if isinstance(other, BlindIndexField) and other.source == field.name:
            normal = other.normalize(fold(value)) if other.normalize else fold(value)
            digest = blind_index(other.kind, normal)
            twin = (
                model._default_manager.filter(**{other.name: digest})
                .exclude(pk=pk)
                .values_list("pk", flat=True)
            )
            return twin.first()
    return None


class Command(BaseCommand):
    help = "Report identifiers stored with non-ASCII digits, spaces or other spellings (changes nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fail", action="store_true", help="exit with an error when anything is found")

    def handle(self, *args: Any, **options: Any) -> None:
        found = 0
        for model in apps.get_models():
            manager = model._default_manager
            for field in model._meta.concrete_fields:
                label = f"{model._meta.label}.{field.name}"
                if isinstance(field, EncryptedTextField):
                    rows = manager.values_list("pk", field.name)  # encrypted: no filter on it
                    for pk, value in rows.iterator(chunk_size=2000):
                        if value and (value != fold(value) or not value.isascii()):
                            found += 1
                            twin = _index_twin(model, field, pk, value)
                            same = f"; same as #{twin} once normalised" if twin is not None else ""
                            self.stdout.write(f"{label} #{pk}: not in its one spelling{same}")
                elif isinstance(field, models.CharField) and (
                    field.name == "code" or field.name.endswith("_code")
                ):
                    for pk, value in manager.values_list("pk", field.name).iterator(chunk_size=5000):
                        if value and not value.isascii():
                            found += 1
                            self.stdout.write(f"{label} #{pk}: non-ASCII characters")
        self.stdout.write(f"{found} identifiers to look at")
        if found and options["fail"]:
            raise CommandError(f"{found} identifiers are not in their one spelling")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "linli.registry"
    verbose_name = _("Resident registry")

    def ready(self) -> None:
        from linli.accounts import reveal
        from linli.registry import queries

        for attribute in ("id_number", "phone"):
            reveal.register(
                f"registry.resident.{attribute}",
                reveal.Revealable(
                    fetch=queries.resident_for, attribute=attribute, area_of=lambda r: r.community
                ),
            )

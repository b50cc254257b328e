from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "linli.registry"
    verbose_name = _("Resident registry")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.registry import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.accounts import reveal
        from linli.audit.labels import register as register_audit_labels
        from linli.registry import demo, home, queries
        from linli.registry.audit_labels import LABELS
        from linli.ui.registries import (
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_demo_loader,
            register_home_tiles,
            register_nav,
        )

        for attribute in ("id_number", "phone"):
            reveal.register(
                f"registry.resident.{attribute}",
                reveal.Revealable(
                    fetch=queries.resident_for, attribute=attribute, area_of=lambda r: r.community
                ),
            )
        register_nav(NavEntry(40, _("Registry"), "registry:search", "areas.view"))
        register_nav(NavEntry(50, _("My household"), "registry:mine", "registry.own_household"))
        register_home_tiles(HomeTiles(20, "registry", home.tiles))
        # The registry first: tickets, elections and funding read its households.
        register_demo_loader(DemoLoader(10, "registry", lambda out, now: out.write(demo.load(now))))
        register_audit_labels(LABELS)

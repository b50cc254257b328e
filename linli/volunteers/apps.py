from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "linli.volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.volunteers import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.ui.registries import (
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_demo_loader,
            register_home_tiles,
            register_nav,
        )
        from linli.volunteers import demo, home
        from linli.volunteers.audit_labels import LABELS

        register_nav(NavEntry(119, _("Volunteers"), "volunteers:index", None))
        register_home_tiles(HomeTiles(38, "volunteers", home.tiles))
        register_demo_loader(DemoLoader(65, "volunteers", demo.load))
        register_audit_labels(LABELS)

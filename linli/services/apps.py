from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "linli.services"
    verbose_name = _("Community services")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.services import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.services import console, demo, home
        from linli.services.audit_labels import LABELS
        from linli.ui.registries import (
            CallerPanel,
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_caller_panel,
            register_demo_loader,
            register_home_tiles,
            register_nav,
        )

        # Residents order, staff dispatch, providers answer: everyone signed in has the entry.
        register_nav(NavEntry(112, _("Services"), "services:index", None))
        register_home_tiles(HomeTiles(35, "services", home.tiles))
        register_demo_loader(DemoLoader(60, "services", demo.load))
        # The 96156 agent sees the caller's open orders beside their tickets.
        register_caller_panel(CallerPanel(10, "services", _("Their service orders"), console.caller_orders))
        register_audit_labels(LABELS)

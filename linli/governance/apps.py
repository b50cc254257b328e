from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "linli.governance"
    verbose_name = _("Self-government")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.governance import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.governance import demo, home, views
        from linli.governance.audit_labels import LABELS
        from linli.ui.registries import (
            BoardPage,
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_board_page,
            register_demo_loader,
            register_home_tiles,
            register_nav,
        )

        register_nav(NavEntry(110, _("Self-government"), "governance:index", "governance.participate"))
        register_demo_loader(DemoLoader(30, "governance", demo.load))
        # Also at /governance/c/<code>/, where it has always been (governance:public).
        register_board_page(
            BoardPage(60, "governance", "governance/", views.public_section, label=_("Self-government"))
        )
        register_home_tiles(HomeTiles(40, "governance", home.tiles))
        register_audit_labels(LABELS)

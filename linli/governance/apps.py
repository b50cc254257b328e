from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "linli.governance"
    verbose_name = _("Self-government")

    def ready(self) -> None:
        from linli.governance import demo, views
        from linli.ui.registries import (
            BoardPage,
            DemoLoader,
            NavEntry,
            register_board_page,
            register_demo_loader,
            register_nav,
        )

        register_nav(NavEntry(110, _("Self-government"), "governance:index", "governance.participate"))
        register_demo_loader(DemoLoader(30, "governance", demo.load))
        # Also at /governance/c/<code>/, where it has always been (governance:public).
        register_board_page(
            BoardPage(60, "governance", "governance/", views.public_section, label=_("Self-government"))
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "linli.governance"
    verbose_name = _("Self-government")

    def ready(self) -> None:
        from linli.governance import demo
        from linli.ui.registries import DemoLoader, NavEntry, register_demo_loader, register_nav

        register_nav(NavEntry(110, _("Self-government"), "governance:index", "governance.participate"))
        register_demo_loader(DemoLoader(30, "governance", demo.load))

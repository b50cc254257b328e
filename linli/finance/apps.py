from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "linli.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from linli.finance import demo
        from linli.ui.registries import DemoLoader, NavEntry, register_demo_loader, register_nav

        register_nav(NavEntry(70, _("Finance"), "finance:index", "finance.view"))
        register_demo_loader(DemoLoader(40, "finance", demo.load))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "linli.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from linli.finance import demo, queries, views
        from linli.ui.registries import (
            BoardPage,
            DemoLoader,
            NavEntry,
            register_board_figures,
            register_board_page,
            register_demo_loader,
            register_nav,
        )

        register_nav(NavEntry(70, _("Finance"), "finance:index", "finance.view"))
        register_demo_loader(DemoLoader(40, "finance", demo.load))
        register_board_page(BoardPage(20, "finance", "finance/", views.public_finance, label=_("Finances")))
        register_board_page(
            BoardPage(30, "donations", "donations/", views.public_donations, label=_("Donations"))
        )
        # A finance notice on the board carries the approved figures of its period.
        register_board_figures("finance", queries.period_summary)

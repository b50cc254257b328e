from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "linli.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.finance import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.finance import demo, home, queries, views
        from linli.finance.audit_labels import LABELS
        from linli.ui.registries import (
            BoardPage,
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_board_figures,
            register_board_page,
            register_demo_loader,
            register_home_tiles,
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
        register_home_tiles(HomeTiles(25, "finance", home.tiles))
        register_audit_labels(LABELS)

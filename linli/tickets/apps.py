from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "linli.tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.tickets import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.accounts import reveal
        from linli.audit.labels import register as register_audit_labels
        from linli.tickets import demo, home, nav, queries
        from linli.tickets.audit_labels import LABELS
        from linli.ui.registries import (
            DemoLoader,
            HomePanel,
            HomeTiles,
            NavEntry,
            register_demo_loader,
            register_home_panel,
            register_home_tiles,
            register_nav,
        )

        reveal.register(
            "tickets.ticket.contact_phone",
            reveal.Revealable(
                fetch=queries.ticket_for_pk, attribute="contact_phone", area_of=lambda t: t.community
            ),
        )
        register_nav(NavEntry(10, nav.TICKETS, "tickets:list", None))
        register_nav(NavEntry(20, nav.HOTLINE, "tickets:hotline", "tickets.create"))
        # Staff see on their home page that this year's holiday notice is missing.
        register_home_panel(
            HomePanel(
                10,
                "tickets.notice_missing",
                lambda user, role, now: (
                    {"notice_missing": queries.missing_notice_for(user, now)}
                    if role and role != "resident"
                    else {}
                ),
            )
        )
        register_home_tiles(HomeTiles(10, "tickets", home.tiles))
        register_demo_loader(DemoLoader(20, "tickets", demo.load_demo))
        register_audit_labels(LABELS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicServicesConfig(AppConfig):
    name = "linli.publicservices"
    label = "publicservices"
    verbose_name = _("Public services")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.publicservices import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.publicservices import demo, home, public, ticket_links
        from linli.publicservices.audit_labels import LABELS
        from linli.publicservices.property import demo as property_demo
        from linli.publicservices.property import home as property_home
        from linli.publicservices.property import views as property_views
        from linli.publicservices.property.audit_labels import LABELS as PROPERTY_LABELS
        from linli.ui.registries import (
            BoardPage,
            DemoLoader,
            HomeTiles,
            NavEntry,
            TicketLinks,
            register_board_page,
            register_demo_loader,
            register_home_tiles,
            register_nav,
            register_ticket_links,
        )

        # Staff handle assistance and employment; residents register as job seekers.
        register_nav(NavEntry(113, _("Public services"), "publicservices:index", None))
        register_home_tiles(HomeTiles(38, "publicservices", home.tiles))
        register_demo_loader(DemoLoader(65, "publicservices", demo.load))
        register_board_page(
            BoardPage(70, "assistance", "assistance/", public.notice_page, label=_("Assistance notices"))
        )
        register_audit_labels(LABELS)
        # Committee-owners-property: after the tickets (its complaints) and the public services.
        register_demo_loader(DemoLoader(66, "publicservices.property", property_demo.load))
        register_home_tiles(HomeTiles(39, "publicservices.property", property_home.tiles))
        register_board_page(
            BoardPage(
                71,
                "property",
                "property/",
                property_views.board_page,
                label=_("Property service satisfaction"),
            )
        )
        register_audit_labels(PROPERTY_LABELS)
        # A ticket's page links the complaint's estate and company, and a mediation case from it.
        register_ticket_links(
            TicketLinks(50, "property", _("Property complaint"), ticket_links.property_rows)
        )
        register_ticket_links(TicketLinks(51, "mediation", _("Mediation"), ticket_links.mediation_rows))

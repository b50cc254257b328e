from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "linli.disclosure"
    verbose_name = _("Disclosure")

    def ready(self) -> None:
        from linli.audit.labels import register as register_audit_labels
        from linli.disclosure import demo, home, views
        from linli.disclosure.audit_labels import LABELS
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

        register_nav(NavEntry(80, _("Disclosure"), "disclosure:index", "disclosure.view"))
        register_nav(NavEntry(90, _("Public board"), "disclosure:mine", "disclosure.ask"))
        # After finance: its first-quarter notice shows the figures the finance demo entered.
        register_demo_loader(DemoLoader(50, "disclosure", demo.load))
        register_board_page(BoardPage(10, "index", "", views.public_index, label=_("Notices")))
        register_board_page(BoardPage(40, "item", "i/<str:item>/", views.public_item, section="index"))
        register_board_page(
            BoardPage(50, "print", "i/<str:item>/print/", views.public_print, section="index")
        )
        register_home_tiles(HomeTiles(50, "disclosure", home.tiles))
        register_audit_labels(LABELS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "linli.disclosure"
    verbose_name = _("Disclosure")

    def ready(self) -> None:
        from linli.disclosure import demo, views
        from linli.ui.registries import (
            BoardPage,
            DemoLoader,
            NavEntry,
            register_board_page,
            register_demo_loader,
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

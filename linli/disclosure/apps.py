from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "linli.disclosure"
    verbose_name = _("Disclosure")

    def ready(self) -> None:
        from linli.ui.registries import NavEntry, register_nav

        register_nav(NavEntry(80, _("Disclosure"), "disclosure:index", "disclosure.view"))
        register_nav(NavEntry(90, _("Public board"), "disclosure:mine", "disclosure.ask"))

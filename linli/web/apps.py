from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "linli.web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from linli.ui.registries import NavEntry, register_nav

        register_nav(NavEntry(0, _("Home"), "web:home", None))

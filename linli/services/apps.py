from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "linli.services"
    verbose_name = _("Community services")

    def ready(self) -> None:
        from linli.ui.registries import NavEntry, register_nav

        # Residents order, staff dispatch, providers answer: everyone signed in has the entry.
        register_nav(NavEntry(35, _("Services"), "services:index", None))

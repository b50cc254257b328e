from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "linli.services"
    verbose_name = _("Community services")

    def ready(self) -> None:
        from linli.audit.labels import register as register_audit_labels
        from linli.services import demo
        from linli.services.audit_labels import LABELS
        from linli.ui.registries import DemoLoader, NavEntry, register_demo_loader, register_nav

        # Residents order, staff dispatch, providers answer: everyone signed in has the entry.
        register_nav(NavEntry(115, _("Services"), "services:index", None))
        register_demo_loader(DemoLoader(60, "services", demo.load))
        register_audit_labels(LABELS)

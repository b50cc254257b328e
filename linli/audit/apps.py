from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "linli.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from linli.audit import checks  # noqa: F401  (registers the retention checks)
        from linli.audit.home import tiles
        from linli.audit.labels import label_for
        from linli.ui.labels import register_labeller
        from linli.ui.registries import HomeTiles, NavEntry, register_home_tiles, register_nav

        register_labeller("action", label_for)
        register_nav(NavEntry(100, _("Audit log"), "audit:list", "audit.view"))
        register_home_tiles(HomeTiles(80, "audit", tiles))

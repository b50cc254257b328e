from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "linli.areas"
    verbose_name = _("Areas")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.areas import indicators as plan_indicators

        plan_indicators.register_all()
        from django.utils.text import capfirst

        from linli.areas.levels import Level
        from linli.ui.labels import register_labeller
        from linli.ui.registries import NavEntry, register_nav

        register_labeller("level", lambda code: capfirst(Level(code).label))
        register_nav(NavEntry(30, _("Areas"), "areas:list", "areas.view"))

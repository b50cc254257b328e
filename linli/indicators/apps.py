from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "linli.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from linli.audit.labels import register as register_audit_labels
        from linli.audit.models import AuditEvent
        from linli.indicators import demo, home, plan, public, refresh, sweeps  # noqa: F401
        from linli.indicators.audit_labels import LABELS
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

        # The plan's targets linli holds no data for yet (computed definitions of apps win).
        plan.register_all()
        register_nav(NavEntry(117, _("Indicators"), "indicators:index", "indicators.view"))
        register_home_tiles(HomeTiles(60, "indicators", home.tiles))
        # After the apps' demos, so their records are there to count.
        register_demo_loader(DemoLoader(90, "indicators", demo.load))
        register_board_page(BoardPage(60, "indicators", "indicators/", public.board, label=_("Indicators")))
        register_audit_labels(LABELS)
        # Cheap indicators follow the audited actions that change them (refresh.on_event).
        post_save.connect(refresh.on_audit_event, sender=AuditEvent, dispatch_uid="indicators.refresh")

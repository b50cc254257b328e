from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "linli.operations"
    verbose_name = _("Community operations")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.operations import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.operations import demo, home
        from linli.operations.audit_labels import LABELS
        from linli.ui.registries import (
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_demo_loader,
            register_home_tiles,
            register_nav,
        )

        register_nav(NavEntry(116, _("Government work"), "operations:index", "operations.view"))
        register_home_tiles(HomeTiles(45, "operations", home.tiles))
        register_demo_loader(DemoLoader(80, "operations", demo.load))
        register_audit_labels(LABELS)
        from linli.accounts import reveal
        from linli.operations.plans import queries as plan_queries

        # A plan's contact numbers are shown masked; in full only with a reason (audited).
        reveal.register(
            "operations.plancontact.phone",
            reveal.Revealable(
                fetch=plan_queries.contact_for, attribute="phone", area_of=plan_queries.contact_area
            ),
        )

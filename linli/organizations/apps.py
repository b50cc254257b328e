from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "linli.organizations"
    verbose_name = _("Civic and Party organizations")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.organizations import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.organizations import demo, home
        from linli.organizations.audit_labels import LABELS
        from linli.ui.registries import (
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_demo_loader,
            register_home_tiles,
            register_nav,
        )

        register_nav(NavEntry(118, _("Organizations"), "organizations:index", None))
        register_home_tiles(HomeTiles(45, "organizations", home.tiles))
        # After services (60): the demo street's residents and workers exist by then.
        register_demo_loader(DemoLoader(70, "organizations", demo.load))
        register_audit_labels(LABELS)
        # The chair and secretary run their own organization's officer election (governance asks).
        from linli.common import election_bodies
        from linli.organizations.permissions import election_runner_of

        election_bodies.register("organizations", election_runner_of)

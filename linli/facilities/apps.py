from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "linli.facilities"
    verbose_name = _("Facilities and grids")

    def ready(self) -> None:
        # The plan's indicators this app's records give (linli.common.indicators).
        from linli.facilities import indicators as plan_indicators

        plan_indicators.register_all()
        from linli.audit.labels import register as register_audit_labels
        from linli.facilities import demo, home
        from linli.facilities.audit_labels import LABELS
        from linli.ui.registries import (
            DemoLoader,
            HomeTiles,
            NavEntry,
            register_demo_loader,
            register_home_tiles,
            register_nav,
        )

        register_nav(NavEntry(114, _("Facilities"), "facilities:index", "facilities.view"))
        register_home_tiles(HomeTiles(38, "facilities", home.tiles))
        # After the tickets' demo (its categories) and the registry's (workers).
        register_demo_loader(DemoLoader(75, "facilities", demo.load))
        register_audit_labels(LABELS)
        # Open311: a request may name a component (attribute[component], its 16-digit code).
        from linli.common.request_attributes import RequestAttribute
        from linli.common.request_attributes import register as register_request_attribute
        from linli.facilities.actions.requests import component_attribute, component_resolve

        register_request_attribute(RequestAttribute("component", 10, component_attribute, component_resolve))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "linli.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from linli.common import checks  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "linli.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from linli.accounts import checks, queries, reveal, signals  # noqa: F401

        reveal.register(
            "accounts.user.phone",
            reveal.Revealable(fetch=queries.user_for, attribute="phone", area_of=queries.user_area),
        )

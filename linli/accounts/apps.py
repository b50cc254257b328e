from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "linli.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.utils.text import capfirst

        from linli.accounts import checks, queries, reveal, signals  # noqa: F401
        from linli.accounts.home import tiles
        from linli.accounts.roles import Role
        from linli.ui.labels import register_labeller
        from linli.ui.registries import HomeTiles, NavEntry, register_home_tiles, register_nav

        reveal.register(
            "accounts.user.phone",
            reveal.Revealable(fetch=queries.user_for, attribute="phone", area_of=queries.user_area),
        )
        register_labeller("role", lambda code: capfirst(Role(code).label))
        register_nav(NavEntry(60, _("People"), "accounts:users", "accounts.view_users"))
        register_nav(NavEntry(120, _("My account"), "accounts:profile", None))
        register_home_tiles(HomeTiles(90, "accounts", tiles))

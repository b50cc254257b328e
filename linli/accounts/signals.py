"""Sign-in events into the audit chain: successes, failures and lockouts."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from linli.audit.chain import record
from linli.common.masking import mask_phone
from linli.common.phone import looks_like_mobile


def _masked_login(login: str) -> str:
    return mask_phone(login) if looks_like_mobile(login) else login[:150]


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record(actor=user, action="accounts.login.succeeded", obj=user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    with transaction.atomic():
        record(
            actor=None,
            action="accounts.login.failed",
            details={"login": _masked_login(str(credentials.get("username", "")))},
        )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str, ip_address: str, **kw: Any) -> None:
    with transaction.atomic():
        record(
            actor=None,
            action="accounts.login.locked_out",
            details={"login": _masked_login(username or ""), "ip": ip_address},
        )

"""Sign-in events into the audit chain: successes, failures and lockouts."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from linli.accounts import authcache
from linli.accounts.models import ApiToken, RoleGrant, User
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


# ---------------------------------------------------------------- token cache invalidation


@receiver([post_save, post_delete], sender=ApiToken)
def on_token_changed(sender: Any, instance: ApiToken, **kwargs: Any) -> None:
    """A revoked (or deleted) token is refused from the next request on."""
    authcache.forget_token(instance.key_hash)


@receiver([post_save, post_delete], sender=User)
def on_user_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    """A deactivated user's tokens stop working from the next request on."""
    authcache.forget_user(instance.pk)


@receiver([post_save, post_delete], sender=RoleGrant)
def on_grant_changed(sender: Any, instance: RoleGrant, **kwargs: Any) -> None:
    """A granted or revoked role counts from the next request on."""
    authcache.forget_user(instance.user_id)

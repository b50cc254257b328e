"""Every write to accounts: users, role grants, passwords, API tokens, second factors."""

import hashlib
import secrets
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from linli.accounts import authcache, policy
from linli.accounts.backends import lockout_key_of
from linli.accounts.models import (
    ApiToken,
    RoleGrant,
    SensitiveCategory,
    SensitiveGrant,
    User,
    resident_username,
)
from linli.accounts.roles import Role
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.crypto import index_of
from linli.common.errors import DomainError, Forbidden
from linli.common.phone import normalize_mobile


def _validated_mobile(phone: str) -> str:
    try:
        return normalize_mobile(phone)
    except ValidationError as exc:
        raise DomainError("invalid_phone", exc.messages[0], fields={"phone": exc.messages}) from None


def _validated_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("invalid_password", exc.messages[0], fields={"password": exc.messages}) from None


def user_create(
    *,
    actor: User | None,
    display_name: str,
    password: str,
    username: str = "",
    phone: str = "",
    role: Role | None = None,
    area: Area | None = None,
) -> User:
    """Create a user, optionally with one role at one area. `actor=None` only for setup commands."""
    with transaction.atomic():
        if actor is not None and role is not None and area is not None:
            _require_grant_right(actor, area)
        # Usernames are matched exactly at sign-in, after NFKC (accounts.backends.normalized_login).
        username = User.normalize_username(username.strip())
        user = User(username=username or resident_username(), display_name=display_name)
        if phone:
            user.phone = _validated_mobile(phone)
            if User.objects.filter(phone_index=index_of(User, "phone_index", user.phone)).exists():
                raise DomainError(
                    "phone_taken",
                    _("This mobile number already belongs to an account."),
                    fields={"phone": [_("This mobile number already belongs to an account.")]},
                )
        if User.objects.filter(username=user.username).exists():
            raise DomainError(
                "username_taken",
                _("This username is taken."),
                fields={"username": [_("This username is taken.")]},
            )
        _validated_password(password, user)
        user.set_password(password)
        user.save()
        record(actor=actor, action="accounts.user.created", obj=user, area=area)
        if role is not None and area is not None:
            _grant(actor=actor, user=user, role=role, area=area)
    return user


def _require_grant_right(actor: User, area: Area) -> None:
    if not policy.can(actor, "accounts.manage_grants", area):
        raise Forbidden(_("You may not give roles in this area."))


def _grant(*, actor: User | None, user: User, role: Role | str, area: Area) -> RoleGrant:
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(user=user, role=role, area=area, granted_by=actor)
    except IntegrityError:
        raise DomainError("grant_exists", _("The user already holds this role here.")) from None
    record(
        actor=actor,
        action="accounts.grant.created",
        obj=user,
        area=area,
        details={"role": str(role)},
    )
    policy.forget(user)
    return grant


def role_grant(*, actor: User, user: User, role: Role | str, area: Area) -> RoleGrant:
    """Give `user` a role at `area`; the actor must manage grants there."""
    with transaction.atomic():
        _require_grant_right(actor, area)
        if role in {Role.CITY_ADMIN, Role.DISTRICT_OFFICER} and not policy.has_role_at(
            actor, Role.CITY_ADMIN, area
        ):
            raise Forbidden(_("Only a city administrator may give this role."))
        return _grant(actor=actor, user=user, role=role, area=area)


def role_revoke(*, actor: User, grant: RoleGrant) -> None:
    with transaction.atomic():
        _require_grant_right(actor, grant.area)
        record(
            actor=actor,
            action="accounts.grant.revoked",
            obj=grant.user,
            area=grant.area,
            details={"role": grant.role},
        )
        grant.delete()
        policy.forget(grant.user)


def sensitive_grant(
    *, actor: User, user: User, category: SensitiveCategory | str, area: Area, reason: str
) -> SensitiveGrant:
    """Let `user` see one sensitive category in `area`; needs the right to give roles there."""
    with transaction.atomic():
        _require_grant_right(actor, area)
        reason = reason.strip()
        if len(reason) < 4:
            msg = _("Say why this person needs to see this data.")
            raise DomainError("reason_required", msg, fields={"reason": [msg]})
        grant, created = SensitiveGrant.objects.get_or_create(
            user=user, category=category, area=area, defaults={"reason": reason[:200], "granted_by": actor}
        )
        if created:
            record(
                actor=actor,
                action="accounts.sensitive_grant.created",
                obj=user,
                area=area,
                details={"category": str(category), "reason": reason[:200]},
            )
        policy.forget(user)
    return grant


def sensitive_revoke(*, actor: User, grant: SensitiveGrant) -> None:
    with transaction.atomic():
        _require_grant_right(actor, grant.area)
        record(
            actor=actor,
            action="accounts.sensitive_grant.revoked",
            obj=grant.user,
            area=grant.area,
            details={"category": grant.category},
        )
        grant.delete()
        policy.forget(grant.user)


def password_change(*, actor: User, old_password: str, new_password: str) -> None:
    with transaction.atomic():
        if not actor.check_password(old_password):
            raise DomainError(
                "wrong_password",
                _("The current password is not correct."),
                fields={"old_password": [_("The current password is not correct.")]},
            )
        _validated_password(new_password, actor)
        actor.set_password(new_password)
        actor.must_change_password = False
        actor.save(update_fields=["password", "must_change_password"])
        record(actor=actor, action="accounts.user.password_changed", obj=actor)


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its key, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise DomainError(
            "name_required", _("Give the token a name."), fields={"name": [_("Give the token a name.")]}
        )
    key = "ll_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name[:100], prefix=key[:10], key_hash=_token_hash(key)
        )
        record(actor=actor, action="accounts.api_token.created", obj=token)
    return token, key


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        if token.user_id != actor.pk:
            raise Forbidden()
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="accounts.api_token.revoked", obj=token)


def api_token_user(key: str, *, now: Any = None) -> User | None:
    """The user behind a bearer key, if the token is live and the user active; notes its last use.

    Token and grants come from the cache when they can (`authcache`: no query at all on a hit);
    revocation, deactivation and grant changes drop the entries at once.
    """
    key_hash = _token_hash(key)
    now = now or timezone.now()
    cached = authcache.get_token(key_hash)
    if cached is None:
        row = (
            ApiToken.objects.filter(key_hash=key_hash, revoked_at__isnull=True)
            .values_list("pk", "user_id", "last_used_at")
            .first()
        )
        if row is None:
            return None
        token_id, user_id, last_used_at = row
        last_used = last_used_at.timestamp() if last_used_at else None
        authcache.put_token(key_hash, token_id, user_id, last_used)
    else:
        token_id, user_id, last_used = cached
    user: Any = None
    entry = authcache.get_user_entry(user_id)
    if entry is None:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            return None
        entry = authcache.load_user_entry(user)
    if not entry[0]:
        return None
    if last_used is None or now.timestamp() - last_used > 300:
        # A usage timestamp, not a domain change: no audit event for it. At most once per
        # 5 minutes per token (read from the row itself when nothing is cached).
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        authcache.put_token(key_hash, token_id, user_id, now.timestamp())
    grants = authcache.grants_of(entry)
    if user is not None:
        setattr(user, policy.GRANTS_ATTR, grants)
        return user
    return authcache.TokenUser(user_id, grants)  # type: ignore[return-value]


def totp_start(*, actor: User) -> TOTPDevice:
    """The user's unconfirmed authenticator (made once), to be shown as a QR code."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=actor, name="default", confirmed=False)
            record(actor=actor, action="accounts.totp.started", obj=actor)
    return device


def totp_confirm(*, actor: User, device: TOTPDevice, token: str) -> None:
    with transaction.atomic():
        if device.user_id != actor.pk or device.confirmed:
            raise Forbidden()
        if not device.verify_token((token or "").strip()):
            raise DomainError(
                "wrong_code",
                _("The code is not correct. Enter the 6 digits your authenticator shows now."),
                fields={"token": [_("The code is not correct.")]},
            )
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(actor=actor, action="accounts.totp.confirmed", obj=actor)


def _require_account_right(actor: User, user: User) -> list[Area]:
    """The actor must manage roles wherever `user` holds one: a committee director can look after
    the accounts of their community's workers, not lock out the street officer above them."""
    from linli.accounts.queries import account_areas, may_manage_account

    if not may_manage_account(actor, user):
        raise Forbidden(_("You may not manage this account."))
    return account_areas(user)


def _not_yourself(actor: User, user: User, message: str) -> None:
    if actor.pk == user.pk:
        raise DomainError("own_account", message, status=409)


def totp_reset(*, actor: User, user: User) -> None:
    """Remove a user's authenticators (lost phone) so they enrol again at next sign-in."""
    with transaction.atomic():
        areas = _require_account_right(actor, user)
        TOTPDevice.objects.filter(user=user).delete()
        record(actor=actor, action="accounts.totp.reset", obj=user, area=areas[0])


# Easy to read out over the telephone: no 0/o, 1/l/i.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz"
_TEMPORARY_DIGITS = "23456789"


def temporary_password() -> str:
    """Three groups of four, letters and digits in each group (passes the password rules)."""
    groups = []
    for _n in range(3):
        chars = [secrets.choice(_TEMPORARY_ALPHABET), secrets.choice(_TEMPORARY_DIGITS)]
        chars += [secrets.choice(_TEMPORARY_ALPHABET + _TEMPORARY_DIGITS) for _m in range(2)]
        secrets.SystemRandom().shuffle(chars)
        groups.append("".join(chars))
    return "-".join(groups)


def password_reset(*, actor: User, user: User) -> str:
    """Give `user` a temporary password (returned once, for the actor to pass on) that must be
    changed at the next sign-in; a lockout after failed attempts is lifted too."""
    from axes.utils import reset as axes_reset

    _not_yourself(actor, user, _("Change your own password on your account page."))
    with transaction.atomic():
        areas = _require_account_right(actor, user)
        password = temporary_password()
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        axes_reset(username=lockout_key_of(user))
        record(actor=actor, action="accounts.user.password_reset", obj=user, area=areas[0])
    return password


def user_set_active(*, actor: User, user: User, active: bool, reason: str = "") -> User:
    """Deactivate an account (sign-in, sessions and API tokens stop at once) or bring it back."""
    reason = reason.strip()
    if not active:
        _not_yourself(actor, user, _("You cannot deactivate your own account."))
        if not reason:
            raise DomainError(
                "reason_required",
                _("Say why the account is deactivated."),
                fields={"reason": [_("Say why the account is deactivated.")]},
            )
    with transaction.atomic():
        areas = _require_account_right(actor, user)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        record(
            actor=actor,
            action="accounts.user.deactivated" if not active else "accounts.user.reactivated",
            obj=user,
            area=areas[0],
            details={"reason": reason} if reason else None,
        )
    return user

import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.accounts.roles import Role
from linli.common.crypto import BlindIndexField, EncryptedTextField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra: Any) -> "User":
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save()
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **extra)


def resident_username() -> str:
    return "r" + secrets.token_hex(6)


class User(AbstractBaseUser, PermissionsMixin):
    """Staff sign in with their username, residents with their mobile number."""

    username = models.CharField(_("username"), max_length=150, unique=True)
    display_name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_index = BlindIndexField(source="phone", kind="phone")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    # Set when an administrator gives a temporary password; cleared when the user picks their own.
    must_change_password = models.BooleanField(_("must change the password"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["phone_index"],
                condition=~models.Q(phone_index=""),
                name="accounts_user_unique_phone",
            )
        ]
        indexes = [models.Index(fields=["phone_index"], name="accounts_user_phone_index")]

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleGrant(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="grants"
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [models.UniqueConstraint(fields=["user", "role", "area"], name="accounts_grant_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.area}"


class SensitiveCategory(models.TextChoices):
    """Kinds of personal data seen only with an explicit grant, beyond any role."""

    DISABILITY = "disability", _("disability")
    DIBAO = "dibao", _("minimum living allowance (dibao)")
    CORRECTION = "correction", _("community correction")
    # Party members and their transfers (linli.organizations).
    PARTY = "party", _("Party membership")


class SensitiveGrant(models.Model):
    """An explicit right to see one sensitive category in an area's subtree."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="sensitive_grants"
    )
    category = models.CharField(_("category"), max_length=32, choices=SensitiveCategory.choices)
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("sensitive data grant")
        verbose_name_plural = _("sensitive data grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "category", "area"], name="accounts_sensitive_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} @ {self.area}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

"""Readable names for audit action codes, shown on staff homes and in the audit log (the code
beside it there).

Apps add theirs from AppConfig.ready with `register({...})`; an unknown code is shown as itself.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    "accounts.login.succeeded": _("Signed in"),
    "accounts.login.failed": _("Sign-in failed"),
    "accounts.login.locked_out": _("Sign-in locked after too many failures"),
    "accounts.user.created": _("Account created"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.user.password_reset": _("Password reset by staff"),
    "accounts.user.deactivated": _("Account deactivated"),
    "accounts.user.reactivated": _("Account reactivated"),
    "accounts.grant.created": _("Role given"),
    "accounts.grant.revoked": _("Role taken away"),
    "accounts.sensitive_grant.created": _("Access to sensitive data given"),
    "accounts.sensitive_grant.revoked": _("Access to sensitive data taken away"),
    "accounts.api_token.created": _("API token created"),
    "accounts.api_token.revoked": _("API token revoked"),
    "accounts.totp.started": _("Authenticator setup started"),
    "accounts.totp.confirmed": _("Authenticator set up"),
    "accounts.totp.reset": _("Authenticator reset"),
    "areas.area.created": _("Area added"),
    "areas.area.renamed": _("Area renamed"),
    "areas.import.completed": _("Area code list imported"),
    "pii.revealed": _("Personal data shown in full"),
    "common.pii.rotated": _("Encryption key rotated"),
    "audit.partition.archived": _("A month of records archived out of the database"),
}


def register(labels: dict[str, Promise]) -> None:
    LABELS.update(labels)


def label_for(action: str) -> str:
    label = LABELS.get(action)
    return str(label) if label is not None else action

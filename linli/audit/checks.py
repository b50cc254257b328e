"""System checks of the retention settings (run at startup, by `manage.py check` and in CI)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from linli.audit.retention import KINDS, LEGAL_MINIMUM_MONTHS


@register()
def retention_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    retention = getattr(settings, "LINLI_RETENTION", {})
    for kind in KINDS:
        value = retention.get(kind)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(
                Error(f"LINLI_RETENTION[{kind!r}] must be a number of months (1 or more).", id="audit.E101")
            )
    audit = retention.get("audit")
    if isinstance(audit, int) and audit < LEGAL_MINIMUM_MONTHS["audit"]:
        errors.append(
            Error(
                f"LINLI_RETENTION['audit'] is {audit} months: logs must be kept at least "
                f"{LEGAL_MINIMUM_MONTHS['audit']} months (网络安全法 第二十一条, Cybersecurity Law Art. 21).",
                hint="Set LINLI_RETENTION_AUDIT_MONTHS to 6 or more.",
                id="audit.E102",
            )
        )
    tickets, timeline = retention.get("tickets"), retention.get("timeline")
    if isinstance(tickets, int) and isinstance(timeline, int) and timeline > tickets:
        errors.append(
            Error(
                "LINLI_RETENTION['timeline'] is longer than 'tickets': a ticket's timeline leaves the "
                "database with its ticket.",
                id="audit.E103",
            )
        )
    return errors

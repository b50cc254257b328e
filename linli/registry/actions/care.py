"""Care tags on residents (some of them sensitive)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.registry.actions.common import _bad, require_manage
from linli.registry.models import (
    AGED_80,
    SENSITIVE_TAGS,
    CareTag,
    CareTagKind,
    Resident,
)


def _require_tag(actor: User | None, resident: Resident, tag: str) -> None:
    if tag == AGED_80:
        raise _bad(
            "derived_tag", "tag", _("Aged 80 and over follows from the birth date; it is not set by hand.")
        )
    if tag not in CareTagKind.values:
        raise _bad("invalid_tag", "tag", _("Choose a care tag."))
    if (
        tag in SENSITIVE_TAGS
        and actor is not None
        and not policy.can_see_sensitive(actor, tag, resident.community)
    ):
        # Without the grant the tag does not exist for this user: same answer as an unknown tag.
        raise _bad("invalid_tag", "tag", _("Choose a care tag."))


def care_tag_set(
    *,
    actor: User | None,
    resident: Resident,
    tag: str,
    level: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> CareTag:
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        _require_tag(actor, resident, tag)
        if tag == CareTagKind.DISABILITY:
            if level not in (1, 2, 3, 4):
                raise _bad("level_required", "level", _("Choose the disability level (1 to 4)."))
        else:
            level = None
        care, _created = CareTag.objects.update_or_create(
            resident=resident,
            tag=tag,
            defaults={"community": resident.community, "level": level, "note": note.strip()[:200]},
            create_defaults={
                "community": resident.community,
                "level": level,
                "note": note.strip()[:200],
                "created_at": now,
            },
        )
        # The tag itself stays out of the shared audit log when sensitive: the log is seen more widely.
        details = {} if tag in SENSITIVE_TAGS else {"tag": tag}
        record(
            actor=actor,
            action="registry.care_tag.set",
            obj=resident,
            area=resident.community,
            details=details,
            now=now,
        )
    return care


def care_tag_remove(
    *, actor: User | None, resident: Resident, tag: str, now: dt.datetime | None = None
) -> None:
    with transaction.atomic():
        require_manage(actor, resident.community)
        _require_tag(actor, resident, tag)
        CareTag.objects.filter(resident=resident, tag=tag).delete()
        details = {} if tag in SENSITIVE_TAGS else {"tag": tag}
        record(
            actor=actor,
            action="registry.care_tag.removed",
            obj=resident,
            area=resident.community,
            details=details,
            now=now,
        )

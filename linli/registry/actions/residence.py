"""人户分离: a person's residence and 户口 change apart, each as its own audited action."""

import datetime as dt
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.registry.actions.common import _bad, _history, _lock, clean_placement, require_manage
from linli.registry.models import EventKind, Resident


def _since(since: dt.date | None, now: dt.datetime) -> dt.date:
    today = timezone.localtime(now).date()
    if since is not None and since > today:
        raise _bad("since_ahead", "since", _("The date cannot be in the future."))
    return since or today


def _placed(resident: Resident, errors: dict[str, list[str]], **changes: str) -> dict[str, object]:
    current = {
        "hukou_where": resident.hukou_where,
        "hukou_code": resident.hukou_code,
        "lives_where": resident.lives_where,
        "lives_code": resident.lives_code,
        "lives_address": resident.lives_address,
        "lives_since": resident.lives_since,
    }
    values = clean_placement(SimpleNamespace(**{**current, **changes}), errors)
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError("invalid_placement", first, fields=errors)
    return values


def resident_move_residence(
    *,
    actor: User | None,
    resident: Resident,
    lives_where: str,
    lives_code: str = "",
    lives_address: str = "",
    since: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Resident:
    """The person lives somewhere else from `since`; the 户口 stays where it is.

    Someone registered elsewhere who no longer lives here leaves the registry by moving out
    (`resident_move_out`), not by this action.
    """
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident = _lock(resident)
        values = _placed(
            resident, {}, lives_where=lives_where, lives_code=lives_code, lives_address=lives_address
        )
        values["lives_since"] = _since(since, now)
        values["residence_checked_on"] = timezone.localtime(now).date()
        before = resident.lives_where
        for name, value in values.items():
            setattr(resident, name, value)
        resident.save(update_fields=list(values))
        record(
            actor=actor,
            action="registry.resident.residence_moved",
            obj=resident,
            area=resident.community,
            details={"from": before, "to": resident.lives_where, "since": str(resident.lives_since)},
            now=now,
        )
        _history(
            EventKind.RESIDENCE_MOVED, actor=actor, household=resident.household, resident=resident, now=now
        )
    return resident


def resident_move_hukou(
    *,
    actor: User | None,
    resident: Resident,
    hukou_where: str,
    hukou_code: str = "",
    now: dt.datetime | None = None,
) -> Resident:
    """The person's 户口 moves (here, elsewhere in Beijing, outside); where they live stays."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident = _lock(resident)
        values = _placed(resident, {}, hukou_where=hukou_where, hukou_code=hukou_code)
        before = resident.hukou_where
        resident.hukou_where = str(values["hukou_where"])
        resident.hukou_code = str(values["hukou_code"])
        resident.save(update_fields=["hukou_where", "hukou_code"])
        record(
            actor=actor,
            action="registry.resident.hukou_moved",
            obj=resident,
            area=resident.community,
            details={"from": before, "to": resident.hukou_where, "area_code": resident.hukou_code},
            now=now,
        )
        _history(EventKind.HUKOU_MOVED, actor=actor, household=resident.household, resident=resident, now=now)
    return resident


def resident_residence_confirm(
    *, actor: User | None, resident: Resident, now: dt.datetime | None = None
) -> Resident:
    """A worker confirms, at a visit, that the person still lives where the registry says."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident = _lock(resident)
        resident.residence_checked_on = timezone.localtime(now).date()
        resident.save(update_fields=["residence_checked_on"])
        record(
            actor=actor,
            action="registry.resident.residence_confirmed",
            obj=resident,
            area=resident.community,
            details={"lives": resident.lives_where},
            now=now,
        )
        _history(
            EventKind.RESIDENCE_CHECKED, actor=actor, household=resident.household, resident=resident, now=now
        )
    return resident


__all__ = ["resident_move_hukou", "resident_move_residence", "resident_residence_confirm"]

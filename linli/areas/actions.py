"""Every write to the area tree."""

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.areas.codes import level_of, normalize_area_code, parent_code
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError, Forbidden

if TYPE_CHECKING:
    from linli.accounts.models import User  # areas sit below accounts: the type only


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("The name is empty."), code="name")
    if len(name) > 100:
        raise ValidationError(_("The name is longer than 100 characters."), code="name")
    return name


def _resolve(
    code: str, parent: Area | None, *, known: dict[str, Area] | None = None
) -> tuple[Level, Area | None]:
    """The level of `code` and its parent area, checked against each other."""
    code = normalize_area_code(code)
    level = level_of(code)
    want = parent_code(code)
    if want is None:
        if parent is not None:
            raise ValidationError(_("A city has no parent area."), code="area_parent")
        return level, None
    if parent is None:
        parent = (known or {}).get(want) or Area.objects.filter(code=want).first()
        if parent is None:
            raise ValidationError(
                _("The parent area %(parent)s of %(code)s does not exist."),
                code="area_parent",
                params={"parent": want, "code": code},
            )
    elif parent.code != want:
        raise ValidationError(
            _("%(code)s does not belong below %(parent)s."),
            code="area_parent",
            params={"code": code, "parent": parent.code},
        )
    return level, parent


def _path(parent: Area | None, code: str) -> str:
    return (parent.path if parent else "") + code + "/"


def area_create(
    *,
    actor: "User | None",
    code: str,
    name: str,
    parent: Area | None = None,
    office_m2: int | None = None,
    service_m2: int | None = None,
) -> Area:
    """A new area below `parent` (implied by the code when not given)."""
    code = normalize_area_code(code)
    with transaction.atomic():
        try:
            level, parent = _resolve(code, parent)
            name = _clean_name(name)
        except ValidationError as exc:
            raise DomainError("invalid_area", exc.messages[0], fields={"code": exc.messages}) from None
        if actor is not None and not policy.can(actor, "areas.manage", parent):
            raise Forbidden(_("You may not add areas here."))
        if Area.objects.filter(code=code).exists():
            msg = _("An area with the code %(code)s already exists.") % {"code": code}
            raise DomainError("area_exists", msg, fields={"code": [msg]})
        area = Area.objects.create(
            code=code,
            name=name,
            level=level,
            parent=parent,
            path=_path(parent, code),
            office_m2=office_m2,
            service_m2=service_m2,
        )
        record(actor=actor, action="areas.area.created", obj=area, area=area)
    return area


def area_rename(*, actor: "User | None", area: Area, name: str) -> Area:
    with transaction.atomic():
        if not policy.can(actor, "areas.manage", area):
            raise Forbidden()
        try:
            name = _clean_name(name)
        except ValidationError as exc:
            raise DomainError("invalid_area", exc.messages[0], fields={"name": exc.messages}) from None
        old = area.name
        area.name = name
        area.save(update_fields=["name"])
        record(actor=actor, action="areas.area.renamed", obj=area, area=area, details={"from": old})
    return area


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


CODE_HEADERS = ("code", "代码", "区划代码", "统计用区划代码")
NAME_HEADERS = ("name", "名称")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower().lstrip("\ufeff") for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def areas_import_csv(*, actor: "User | None", data: bytes | str, dry_run: bool = False) -> ImportResult:
    """Import an official code list (columns code/代码 and name/名称; parents are implied by codes).

    Idempotent: known codes are renamed if needed, new ones created. All rows are checked first;
    if any is bad, nothing is written and every bad row is reported with its line number.
    """
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    result = ImportResult()
    if not rows:
        result.errors.append((1, _("The file is empty.")))
        return result
    code_col, name_col = _column(rows[0], CODE_HEADERS), _column(rows[0], NAME_HEADERS)
    if code_col is None or name_col is None:
        result.errors.append((1, _("The first line must name the columns 代码 (code) and 名称 (name).")))
        return result

    existing = {a.code: a for a in Area.objects.all()}
    seen: dict[str, int] = {}
    parsed: list[tuple[int, str, str, Level]] = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        try:
            code = normalize_area_code(row[code_col] if len(row) > code_col else "")
            name = _clean_name(row[name_col] if len(row) > name_col else "")
            level = level_of(code)
        except ValidationError as exc:
            result.errors.append((lineno, " ".join(exc.messages)))
            continue
        if code in seen:
            result.errors.append(
                (
                    lineno,
                    _("The code %(code)s is also on line %(line)d.") % {"code": code, "line": seen[code]},
                )
            )
            continue
        seen[code] = lineno
        parsed.append((lineno, code, name, level))

    order = [Level.CITY, Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID]
    parsed.sort(key=lambda p: (order.index(p[3]), p[0]))
    known_codes = set(existing) | set(seen)
    for lineno, code, _name, _level in parsed:
        want = parent_code(code)
        if want is not None and want not in known_codes:
            result.errors.append(
                (
                    lineno,
                    _("The parent area %(parent)s of %(code)s is neither in the file nor in linli.")
                    % {"parent": want, "code": code},
                )
            )
        elif (
            actor is not None
            and want is not None
            and want in existing
            and not policy.can(actor, "areas.manage", existing[want])
        ):
            result.errors.append((lineno, _("You may not add areas below %(parent)s.") % {"parent": want}))
        elif actor is not None and want is None and not policy.can(actor, "areas.manage", None):
            result.errors.append((lineno, _("Only a city administrator may add a city.")))
    if result.errors:
        result.errors.sort()
        return result

    with transaction.atomic():
        for _lineno, code, name, level in parsed:
            area = existing.get(code)
            if area is None:
                want = parent_code(code)
                parent = existing.get(want) if want else None
                area = Area.objects.create(
                    code=code, name=name, level=level, parent=parent, path=_path(parent, code)
                )
                existing[code] = area
                result.created += 1
            elif area.name != name:
                area.name = name
                area.save(update_fields=["name"])
                result.updated += 1
            else:
                result.unchanged += 1
        if result.created or result.updated:
            record(
                actor=actor,
                action="areas.import.completed",
                details={"created": result.created, "updated": result.updated, "dry_run": dry_run},
            )
        if dry_run:
            transaction.set_rollback(True)
    return result

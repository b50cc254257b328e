"""Import components from Excel (.xlsx) or GeoJSON: every row checked, all written or none.

Each bad row is reported by its line (the spreadsheet's row number, or the feature's number in a
GeoJSON FeatureCollection counted from 1) with the reason, in the user's language.
"""

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError, NotFound
from linli.common.identifiers import fold
from linli.common.spreadsheets import refuse_zip_bomb, unescape_cell
from linli.facilities.actions.common import tally
from linli.facilities.actions.components import check_component
from linli.facilities.models import Component, ComponentClass, Grid, State

# Headers of the spreadsheet (Chinese as people write them, or the English keys).
COLUMNS = {
    "部件编码": "code",
    "code": "code",
    "网格": "grid",
    "grid": "grid",
    "纬度": "lat",
    "lat": "lat",
    "经度": "lon",
    "lon": "lon",
    "名称": "name",
    "name": "name",
    "权属单位": "owner",
    "owner": "owner",
    "养护单位": "maintainer",
    "maintainer": "maintainer",
    "设置日期": "installed_on",
    "installed_on": "installed_on",
    "状态": "state",
    "state": "state",
}
REQUIRED = ("code", "grid")
STATES = {"完好": State.INTACT, "破损": State.DAMAGED, "丢失": State.LOST, "废弃": State.REMOVED}
MAX_ROWS = 20_000


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    more_errors: int = 0


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) > 1000:
        return str(int(value))
    if isinstance(value, str):
        return unescape_cell(value.strip()).strip()
    return value


def _rows_xlsx(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    refuse_zip_bomb(io.BytesIO(data))
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ValueError(_("The file is empty."))
        cols = {
            i: COLUMNS[str(h).strip()]
            for i, h in enumerate(header)
            if h is not None and str(h).strip() in COLUMNS
        }
        missing = [k for k in REQUIRED if k not in cols.values()]
        if missing or not ({"lat", "lon"} <= set(cols.values())):
            raise ValueError(_("The first row must name the columns 部件编码, 网格, 纬度 and 经度."))
        out = []
        for line, row in enumerate(rows, start=2):
            if line - 1 > MAX_ROWS:
                raise ValueError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_ROWS})
            if any(v not in (None, "") for v in row):
                out.append((line, {k: _cell(row[i]) if i < len(row) else None for i, k in cols.items()}))
        return out
    finally:
        wb.close()


def _rows_geojson(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError(_("This is not a readable GeoJSON file.")) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise ValueError(_("A GeoJSON import is a FeatureCollection of components."))
    if len(features) > MAX_ROWS:
        raise ValueError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_ROWS})
    out = []
    for n, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geom = feature.get("geometry") if isinstance(feature, dict) else None
        row: dict[str, Any] = {COLUMNS.get(k, k): v for k, v in (props or {}).items() if COLUMNS.get(k)}
        if (
            isinstance(geom, dict)
            and geom.get("type") == "Point"
            and isinstance(geom.get("coordinates"), list)
        ):
            c = geom["coordinates"]
            row["lon"], row["lat"] = ([*c, None, None])[:2]
        elif isinstance(geom, dict) and geom.get("type") == "LineString":
            row["line"] = geom.get("coordinates")
        else:
            row["bad_geometry"] = True
        out.append((n, row))
    return out


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(fold(str(value)).replace("/", "-"))
    except ValueError:
        raise ValueError(_("Write the date as YYYY-MM-DD.")) from None


def components_import(
    *, actor: User | None, community: Area, data: bytes, fmt: str, now: dt.datetime | None = None
) -> ImportResult:
    """Check every row, then write all of them in one transaction, or none."""
    now = now or timezone.now()
    if actor is not None and not policy.can(actor, "facilities.manage", community):
        if policy.can(actor, "facilities.view", community):
            raise DomainError(
                "forbidden", _("You may not change the facilities of this community."), status=403
            )
        raise NotFound()
    if len(data) > settings.LINLI_IMPORT_MAX_BYTES:
        raise DomainError("too_big", _("The file is too big; split it."), status=413)
    try:
        rows = _rows_xlsx(data) if fmt == "xlsx" else _rows_geojson(data) if fmt == "geojson" else None
    except (ValueError, KeyError, OSError) as exc:
        raise DomainError("bad_file", str(exc), fields={"file": [str(exc)]}) from None
    if rows is None:
        raise DomainError(
            "bad_format",
            _("Upload an .xlsx or .geojson file."),
            fields={"file": [_("Upload an .xlsx or .geojson file.")]},
        )
    grids = {g.area.code: g for g in Grid.objects.filter(area__parent=community).select_related("area")}
    classes = {c.code: c for c in ComponentClass.objects.all()}
    result = ImportResult()
    checked: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def bad(line: int, message: str) -> None:
        if len(result.errors) < settings.LINLI_IMPORT_MAX_ERRORS:
            result.errors.append((line, message))
        else:
            result.more_errors += 1

    for line, row in rows:
        if row.pop("bad_geometry", False):
            bad(line, _("The geometry must be a Point or a LineString."))
            continue
        gcode = fold(str(row.pop("grid", "") or ""))
        grid = grids.get(gcode) or grids.get(f"{community.code}-{gcode.zfill(2)}" if gcode.isdigit() else "")
        if grid is None:
            bad(line, _("There is no grid %(grid)s in this community.") % {"grid": gcode or "—"})
            continue
        try:
            state = str(row.pop("state", "") or State.INTACT)
            values = check_component(
                grid=grid,
                code=str(row.get("code") or ""),
                lat=row.get("lat"),
                lon=row.get("lon"),
                line=row.get("line"),
                name=str(row.get("name") or ""),
                owner=str(row.get("owner") or ""),
                maintainer=str(row.get("maintainer") or ""),
                installed_on=_date(row.get("installed_on")),
                state=STATES.get(state, state),
                classes=classes,
            ).values
        except DomainError as exc:
            bad(line, str(exc.message))
            continue
        except ValueError as exc:
            bad(line, str(exc))
            continue
        if values["code"] in seen:
            bad(
                line,
                _("The code %(code)s is also on line %(other)d.")
                % {"code": values["code"], "other": seen[values["code"]]},
            )
            continue
        seen[values["code"]] = line
        checked.append(values)
    taken = set(Component.objects.filter(code__in=list(seen)).values_list("code", flat=True))
    for code in sorted(taken, key=seen.__getitem__):
        bad(seen[code], _("A component with the code %(code)s is already registered.") % {"code": code})
    result.errors.sort()
    if result.errors or result.more_errors:
        return result
    if not checked:
        raise DomainError(
            "empty", _("The file holds no components."), fields={"file": [_("The file holds no components.")]}
        )
    try:
        with transaction.atomic():
            Component.objects.bulk_create(
                [Component(**v, source="import", updated_at=now) for v in checked], batch_size=1000
            )
            for v in checked:
                tally(v["grid"].pk, None, v["state"])
            record(
                actor=actor,
                action="facilities.components.imported",
                obj=community,
                area=community,
                details={"rows": len(checked), "format": fmt},
                now=now,
            )
    except IntegrityError:
        raise DomainError(
            "duplicate_code",
            _("Another import registered some of these codes at the same time; try again."),
            status=409,
        ) from None
    result.created = len(checked)
    return result

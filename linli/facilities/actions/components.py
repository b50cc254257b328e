"""Components: registered with a checked 16-digit code inside their grid, photos, state, upkeep."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError, NotFound
from linli.facilities import codes, spatial
from linli.facilities.actions.common import field_error, photo_type, position, tally, text, today
from linli.facilities.models import Component, ComponentClass, ComponentPhoto, Grid, State

MAX_PHOTOS = 6


def require(actor: User | None, grid: Grid, capability: str = "facilities.manage") -> None:
    """Outside the actor's reach: 404; visible but not theirs to change: 403."""
    if actor is None:
        return
    if not policy.can(actor, capability, grid.area):
        if policy.can(actor, "facilities.view", grid.area):
            raise DomainError("forbidden", _("You may not change the facilities of this grid."), status=403)
        raise NotFound()


class Checked:
    """A component's fields after every check, ready to save (shared by the form and imports)."""

    def __init__(self, **values: Any) -> None:
        self.values = values


def check_component(
    *,
    grid: Grid,
    code: str,
    lat: Any = None,
    lon: Any = None,
    line: Any = None,
    name: str = "",
    owner: str = "",
    maintainer: str = "",
    installed_on: dt.date | None = None,
    state: str = State.INTACT,
    classes: dict[str, ComponentClass] | None = None,
) -> Checked:
    """Every check of a new component but the duplicate code; DomainError naming the field."""
    try:
        county, major, minor, _serial = codes.parse(code)
    except codes.CodeError as exc:
        raise field_error(exc.code, "code", exc.message) from None
    code = county + major + minor + _serial
    if county != grid.area.code[:6]:
        raise field_error(
            "wrong_county",
            "code",
            _("The code %(code)s starts with %(county)s, but the grid lies in %(district)s.")
            % {"code": code, "county": county, "district": grid.area.code[:6]},
        )
    if classes is None:
        classes = {c.code: c for c in ComponentClass.objects.filter(code=major + minor)}
    cls = classes.get(major + minor)
    if cls is None:
        raise field_error(
            "unknown_class",
            "code",
            _("The minor class %(minor)s of major class %(major)s (digits 7 to 10) is not in the class list.")
            % {"major": major, "minor": minor},
        )
    clean_line = None
    if line not in (None, "", []):
        try:
            clean_line = spatial.clean_line(line)
        except (spatial.GeometryError, TypeError, ValueError):
            raise field_error(
                "bad_line", "line", _("Give a line as a list of at least two [longitude, latitude] points.")
            ) from None
        lat, lon = spatial.line_anchor(clean_line)
    pos = position(lat, lon)
    if pos is None:  # position() with required=True never gives None; this tells mypy
        raise field_error("bad_position", "lat", _("Give the position as latitude and longitude."))
    points = [(p[1], p[0]) for p in clean_line] if clean_line else [pos]
    if not all(spatial.in_city(*p) for p in points):
        raise field_error("outside_city", "lat", _("This position lies outside the city."))
    if not all(spatial.polygon_contains(grid.polygon, *p) for p in points):
        raise field_error(
            "outside_grid",
            "lat",
            _("This position lies outside the grid %(grid)s.") % {"grid": grid.area.code},
        )
    if state not in State.values:
        raise field_error("bad_state", "state", _("Choose the component's state."))
    return Checked(
        code=code,
        cls=cls,
        grid=grid,
        lat=pos[0],
        lon=pos[1],
        cell=spatial.cell(*pos),
        line=clean_line,
        name=text(name, "name", 100),
        owner=text(owner, "owner", 100),
        maintainer=text(maintainer, "maintainer", 100),
        installed_on=installed_on,
        state=state,
    )


def duplicate(code: str) -> DomainError:
    msg = _("A component with the code %(code)s is already registered.") % {"code": code}
    return DomainError("duplicate_code", msg, fields={"code": [msg]}, status=409)


def component_register(
    *, actor: User | None, grid: Grid, source: str = "form", now: dt.datetime | None = None, **fields: Any
) -> Component:
    """Register one component in a grid: the code follows the standard and is new, the position
    lies in the city and in the grid."""
    now = now or timezone.now()
    require(actor, grid)
    checked = check_component(grid=grid, **fields).values
    try:
        with transaction.atomic():
            if Component.objects.filter(code=checked["code"]).exists():
                raise duplicate(checked["code"])
            component = Component.objects.create(**checked, source=source, updated_at=now)
            tally(grid.pk, None, component.state)
            record(
                actor=actor, action="facilities.component.registered", obj=component, area=grid.area, now=now
            )
    except IntegrityError:
        raise duplicate(checked["code"]) from None
    return component


def component_state_set(
    *, actor: User | None, component: Component, state: str, note: str = "", now: dt.datetime | None = None
) -> Component:
    """Change a component's state (a removed one leaves the rates)."""
    now = now or timezone.now()
    require(actor, component.grid)
    if state not in State.values:
        raise field_error("bad_state", "state", _("Choose the component's state."))
    with transaction.atomic():
        component = Component.objects.select_for_update().select_related("grid__area").get(pk=component.pk)
        was = component.state
        if was == state:
            return component
        set_state(component, state, now)
        record(
            actor=actor,
            action="facilities.component.state_changed",
            obj=component,
            area=component.grid.area,
            details={"from": was, "to": state, "note": text(note, "note", 200)},
            now=now,
        )
    return component


def set_state(component: Component, state: str, now: dt.datetime) -> None:
    """The one place a state changes with the grid's tallies (inside the caller's transaction)."""
    was = component.state
    component.state, component.updated_at = state, now
    component.save(update_fields=["state", "updated_at"])
    tally(component.grid_id, was, state)


def component_maintained(
    *, actor: User | None, component: Component, on: dt.date | None = None, now: dt.datetime | None = None
) -> Component:
    """Record the preventive maintenance done (the next one falls due from this day)."""
    now = now or timezone.now()
    require(actor, component.grid)
    on = on or today(now)
    if on > today(now):
        raise field_error("future_date", "on", _("The maintenance date cannot be in the future."))
    with transaction.atomic():
        component.maintained_on, component.updated_at = on, now
        component.save(update_fields=["maintained_on", "updated_at"])
        record(
            actor=actor,
            action="facilities.component.maintained",
            obj=component,
            area=component.grid.area,
            details={"on": on.isoformat()},
            now=now,
        )
    return component


def component_photo_add(
    *, actor: User | None, component: Component, upload: Any, now: dt.datetime | None = None
) -> ComponentPhoto:
    now = now or timezone.now()
    require(actor, component.grid, "facilities.inspect")
    ctype = photo_type(upload)
    with transaction.atomic():
        if component.photos.count() >= MAX_PHOTOS:
            raise field_error("too_many_photos", "photo", _("A component keeps at most six photos."))
        photo = ComponentPhoto.objects.create(
            component=component, file=upload, content_type=ctype, taken_at=now, by=actor
        )
        record(
            actor=actor,
            action="facilities.component.photo_added",
            obj=component,
            area=component.grid.area,
            now=now,
        )
    return photo

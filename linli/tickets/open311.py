"""Open311 GeoReport v2 under /open311/v2/ (http://wiki.open311.org/GeoReport_v2).

Categories are services (service_code = category code); areas are jurisdictions
(jurisdiction_id = official area code). Every resource comes as .json and .xml; errors are the
spec's list of {code, description}. Discovery and services are public.

Reading service requests works as the spec says, without an api_key: a keyless client gets the
public view of every request (service, status, times, the responsible agency, the community as the
address) with the residents' own words, exact address, position and photos left out, because they
are personal data. With an api_key (a linli API token) or a signed-in session the client gets the
full rows, only those in the key holder's reach (outside: 404). A wrong api_key is 403.
"""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from linli.accounts.actions import api_token_user
from linli.accounts.middleware import second_factor_missing
from linli.areas.codes import normalize_area_code
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.areas.queries import area_by_code
from linli.common import request_attributes
from linli.common.errors import DomainError
from linli.common.identifiers import fold_code
from linli.tickets import actions, queries
from linli.tickets.models import Category, Channel, Kind, Level, Status, Ticket

SPEC = "http://wiki.open311.org/GeoReport_v2"
JURISDICTION_NOT_FOUND = "jurisdiction_id provided was not found"
ADDRESS_NOT_FOUND = "address_id provided was not found"
CHANGESET = "2026-11-26T00:00:00+08:00"
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
CLOSED = {Status.RESOLVED, Status.CLOSED, Status.REJECTED}
# Characters XML 1.0 cannot carry at all (not even escaped): C0 controls other than tab, line feed
# and carriage return, lone surrogates, U+FFFE and U+FFFF. One of them in one ticket's text would
# make the whole requests.xml ill-formed for every client.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a client may type: the same controls, refused on the way in.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ---------------------------------------------------------------- rendering


def _text(value: Any) -> str:
    """`value` as XML text: characters XML cannot hold become U+FFFD."""
    return XML_ILLEGAL.sub("\ufffd", str(value))


def _xml_value(parent: ET.Element, key: str, value: Any) -> None:
    if isinstance(value, list):
        holder = ET.SubElement(parent, key)
        for item in value:
            _xml_item(holder, key[:-1] if key.endswith("s") else "item", item)
        return
    el = ET.SubElement(parent, key)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(el, k, v)
    elif value is None:
        pass
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    else:
        el.text = _text(value)


def _xml_item(parent: ET.Element, tag: str, item: Any) -> None:
    if isinstance(item, dict):
        el = ET.SubElement(parent, tag)
        for k, v in item.items():
            _xml_value(el, k, v)
    else:
        _xml_value(parent, tag, item)


def render(fmt: str, data: Any, *, root: str, item: str = "", status: int = 200) -> HttpResponse:
    """JSON as the spec shows it; XML with `root` holding one `item` element per list entry."""
    if fmt == "json":
        return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    top = ET.Element(root)
    if isinstance(data, list):
        for entry in data:
            _xml_item(top, item, entry)
    else:
        for k, v in data.items():
            _xml_value(top, k, v)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(
        fmt, [{"code": status, "description": description}], root="errors", item="error", status=status
    )


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(queries.TZ).isoformat(timespec="seconds") if value else None


# ---------------------------------------------------------------- who is asking


class BadKey(Exception):
    """An api_key was sent but is not a live token."""


def _client(request: HttpRequest) -> Any:
    key = request.POST.get("api_key") or request.GET.get("api_key") or ""
    if key:
        user = api_token_user(key)
        if user is None:
            raise BadKey
        return user
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not second_factor_missing(user):
        return user
    return None


def _jurisdiction(fmt: str, request: HttpRequest) -> Area | HttpResponse | None:
    code = normalize_area_code(request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id"))
    if not code:
        return None
    # Jurisdictions are public (any level); Open311 answers in its own error format.
    area = area_by_code(code)
    if area is None:
        return error(fmt, 404, JURISDICTION_NOT_FOUND)
    return area


# ---------------------------------------------------------------- resources


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    url = request.build_absolute_uri("/open311/v2/")
    data: dict[str, Any] = {
        "changeset": CHANGESET,
        "contact": "linli: your community's residents' committee or the 96156 / 12345 hotline",
        "key_service": request.build_absolute_uri("/account/"),
        "endpoints": [
            {
                "specification": SPEC,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    if fmt == "json":
        return render(fmt, data, root="discovery")
    top = ET.Element("discovery")
    for k in ("changeset", "contact", "key_service"):
        ET.SubElement(top, k).text = _text(data[k])
    endpoints = ET.SubElement(top, "endpoints")
    for ep in data["endpoints"]:
        el = ET.SubElement(endpoints, "endpoint")
        for k in ("specification", "url", "changeset", "type"):
            ET.SubElement(el, k).text = _text(ep[k])
        formats = ET.SubElement(el, "formats")
        for f in ep["formats"]:
            ET.SubElement(formats, "format").text = _text(f)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _service(c: Category, lang: str) -> dict[str, Any]:
    parent = c.parent
    return {
        "service_code": c.code,
        "service_name": c.label(lang),
        "description": c.description
        or (
            f"{c.response_hours} h / {c.handling_days} working days"
            if lang == "en"
            else f"{c.response_hours}小时响应，{c.handling_days}个工作日办结"
        ),
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(x for x in (c.code, parent.code if parent else "") if x),
        "group": parent.label(lang) if parent else "",
    }


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    area = _jurisdiction(fmt, request)
    if isinstance(area, HttpResponse):
        return area
    lang = translation.get_language() or "zh-hans"
    data = [_service(c, lang) for c in queries.leaf_categories()]
    return render(fmt, data, root="services", item="service")


@require_GET
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    area = _jurisdiction(fmt, request)
    if isinstance(area, HttpResponse):
        return area
    category = queries.leaf_categories().filter(code=code).first()
    if category is None:
        return error(fmt, 404, "service_code provided was not found")
    values = [{"key": k.value, "name": str(k.label)} for k in Kind]
    data: dict[str, Any] = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "help, complaint, suggestion, consultation or opinion",
                "order": 1,
                "description": str(translation.gettext("What kind of request is this?")),
                "values": values,
            },
            # Attributes other apps define (the facilities' `component`, a 16-digit code).
            *(
                {"order": i + 2, **a.definition(), "code": a.code}
                for i, a in enumerate(request_attributes.registered())
            ),
        ],
    }
    if fmt == "json":
        return render(fmt, data, root="service_definition")
    top = ET.Element("service_definition")
    ET.SubElement(top, "service_code").text = _text(category.code)
    attributes = ET.SubElement(top, "attributes")
    for attr in data["attributes"]:
        el = ET.SubElement(attributes, "attribute")
        for k, v in attr.items():
            if k == "values":
                vs = ET.SubElement(el, "values")
                for value in v:
                    ve = ET.SubElement(vs, "value")
                    ET.SubElement(ve, "key").text = _text(value["key"])
                    ET.SubElement(ve, "name").text = _text(value["name"])
            else:
                ET.SubElement(el, k).text = ("true" if v else "false") if isinstance(v, bool) else _text(v)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _request_row(t: Ticket, lang: str, request: HttpRequest) -> dict[str, Any]:
    status = "closed" if t.status in CLOSED else "open"
    notes = t.resolution or t.reject_reason or str(t.get_status_display())
    agency = (
        t.community.name
        if t.level == Level.COMMUNITY
        else (
            (t.community.parent.name if t.community.parent else "")
            + ("一站式大厅" if lang != "en" else " one-stop hall")
        )
    )
    first = next(iter(t.attachments.all()), None)
    return {
        "service_request_id": t.code,
        "status": status,
        "status_notes": notes,
        "service_name": t.category.label(lang),
        "service_code": t.category.code,
        "description": t.description,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": _iso(t.submitted_at),
        "updated_datetime": _iso(t.updated_at),
        "expected_datetime": _iso(t.due_at),
        "address": t.address,
        "address_id": t.building_id or "",
        "zipcode": "",
        "lat": str(t.lat) if t.lat is not None else "",
        "long": str(t.long) if t.long is not None else "",
        "media_url": request.build_absolute_uri(f"/tickets/attachments/{first.pk}/") if first else "",
    }


def _public_row(t: Ticket, lang: str, request: HttpRequest) -> dict[str, Any]:
    """What anyone may read of a request: no words, exact place or photos of the resident."""
    row = _request_row(t, lang, request)
    row.update(
        status_notes=str(t.get_status_display()),
        description="",
        address=t.community.name,
        address_id="",
        lat="",
        long="",
        media_url="",
    )
    return row


def _reader(request: HttpRequest) -> tuple[Any, Any]:
    """(tickets the client may read, how a row is shown); BadKey for a wrong api_key."""
    user = _client(request)
    if user is None:
        return queries.public_tickets(), _public_row
    return queries.tickets_for(user), _request_row


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _date(value: str) -> dt.datetime | None:
    """An ISO 8601 date-time between the years 1900 and 2200, or None (never an exception)."""
    try:
        parsed = parse_datetime(value.replace(" ", "+")) if value else None
    except ValueError:  # well-formed but impossible: 2026-02-30, an offset of 24 hours
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=queries.TZ)
    offset = parsed.utcoffset() or dt.timedelta()
    if not 1900 <= parsed.year <= 2200 or abs(offset) > dt.timedelta(hours=14):
        return None
    return parsed


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        readable, show = _reader(request)
    except BadKey:
        return error(fmt, 403, "api_key is not valid")
    area = _jurisdiction(fmt, request)
    if isinstance(area, HttpResponse):
        return area
    qs = readable.select_related("category", "community__parent").prefetch_related("attachments")
    if area is not None:
        qs = qs.filter(community__path__startswith=area.path)
    ids = _csv(request.GET.get("service_request_id", ""))
    if ids:
        qs = qs.filter(code__in=[fold_code(i) for i in ids])
    else:
        codes = _csv(request.GET.get("service_code", ""))
        if codes:
            qs = qs.filter(category__code__in=codes)
        raw_start, raw_end = request.GET.get("start_date", ""), request.GET.get("end_date", "")
        start, end = _date(raw_start), _date(raw_end)
        if (raw_start and start is None) or (raw_end and end is None):
            return error(fmt, 400, "start_date and end_date must be ISO 8601 date-times with a time zone")
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            qs = qs.filter(submitted_at__gte=start)
        if end is not None:
            qs = qs.filter(submitted_at__lte=end)
        wanted = set(_csv(request.GET.get("status", "")))
        if wanted - {"open", "closed"}:
            return error(fmt, 400, "status must be open, closed, or both separated by a comma")
        if wanted == {"open"}:
            qs = qs.exclude(status__in=CLOSED)
        elif wanted == {"closed"}:
            qs = qs.filter(status__in=CLOSED)
    lang = translation.get_language() or "zh-hans"
    rows = [show(t, lang, request) for t in qs.order_by("-submitted_at")[:MAX_RESULTS]]
    return render(fmt, rows, root="service_requests", item="request")


def _degrees(value: str, limit: int) -> Decimal | None:
    """Decimal degrees within ±`limit` (90 for lat, 180 for long); ValueError otherwise."""
    try:
        found = Decimal(value.strip()) if value.strip() else None
    except InvalidOperation:
        raise ValueError(value) from None
    if found is not None and not (found.is_finite() and -limit <= found <= limit):
        raise ValueError(value)
    return found


TEXT_FIELDS = ("description", "address_string", "first_name", "last_name", "phone", "email", "account_id")


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    # Some clients put api_key in the query string even when posting.
    key = request.POST.get("api_key") or request.GET.get("api_key") or ""
    user = api_token_user(key) if key else None
    if user is None:
        return error(fmt, 403, "api_key was not provided or is not valid")
    p = request.POST
    code = p.get("service_code", "").strip()
    if not code:
        return error(fmt, 400, "service_code was not provided")
    category = queries.leaf_categories().filter(code=code).first()
    if category is None:
        return error(fmt, 404, "service_code provided was not found")
    if any(CONTROL.search(p.get(name, "")) for name in TEXT_FIELDS):
        return error(fmt, 400, "text fields must not contain control characters")
    try:
        lat, long = _degrees(p.get("lat", ""), 90), _degrees(p.get("long", ""), 180)
    except ValueError:
        return error(fmt, 400, "lat and long must be decimal degrees (lat -90 to 90, long -180 to 180)")
    address = p.get("address_string", "").strip()
    address_id = p.get("address_id", "").strip()
    named = [(a, p.get(f"attribute[{a.code}]", "").strip()) for a in request_attributes.registered()]
    named = [(a, v) for a, v in named if v]
    if (lat is None or long is None) and not address and not address_id and not named:
        return error(fmt, 400, "a location is required: lat and long, address_string or address_id")
    building = None
    community: Area | None = None
    if address_id:
        from linli.registry.models import Building

        building = (
            Building.objects.select_related("community")
            .filter(pk=address_id if address_id.isdigit() else 0)
            .first()
        )
        if building is None:
            return error(fmt, 404, ADDRESS_NOT_FOUND)
        community = building.community
        address = address or f"{building.name} {building.address}".strip()
    area = _jurisdiction(fmt, request)
    if isinstance(area, HttpResponse):
        return area
    # An attribute naming something (a component) gives the community and position when the
    # request does not; it must lie in the request's community, else it reads as not found.
    resolved: list[request_attributes.Resolved] = []
    for attribute, value in named:
        given = community or (area if area is not None and area.level == AreaLevel.COMMUNITY else None)
        try:
            one = attribute.resolve(user, value, given)
        except request_attributes.AttributeNotFound:
            return error(fmt, 404, f"attribute[{attribute.code}] provided was not found")
        except DomainError as exc:
            return error(fmt, 400, f"attribute[{attribute.code}]: {exc.message}")
        resolved.append(one)
        community = community or one.community
        if lat is None or long is None:
            lat, long = one.lat, one.long
        address = address or one.address
    if community is None:
        if area is None or area.level != AreaLevel.COMMUNITY:
            return error(fmt, 400, "jurisdiction_id must name a community (or give an address_id)")
        community = area
    kind = p.get("attribute[kind]", Kind.HELP)
    name = (p.get("last_name", "") + p.get("first_name", "")).strip()
    reference = next((r.reference for r in resolved if r.reference), "")
    try:
        with transaction.atomic():
            ticket = actions.ticket_submit(
                actor=user,
                community=community,
                category=category,
                description=p.get("description", ""),
                kind=kind if kind in Kind.values else Kind.HELP,
                channel=Channel.OPEN311,
                address=address,
                building=building,
                contact_name=name,
                contact_phone=p.get("phone", ""),
                lat=lat,
                long=long,
                external_ref=reference or p.get("account_id", "") or p.get("device_id", ""),
            )
            for r in resolved:
                if r.attach is not None:
                    r.attach(ticket, user, ticket.submitted_at)
    except DomainError as exc:
        status = exc.status if exc.status in (403, 404) else 400
        if status == 404 and resolved:
            return error(fmt, 404, f"attribute[{named[0][0].code}] provided was not found")
        if status == 404:
            # A building outside the key holder's reach reads exactly like one that does not exist.
            return error(fmt, 404, ADDRESS_NOT_FOUND if building is not None else JURISDICTION_NOT_FOUND)
        detail = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in exc.fields.items()) or str(exc.message)
        return error(fmt, status, detail)
    except ValidationError as exc:
        return error(fmt, 400, " ".join(exc.messages))
    # GeoReport v2: the id when it is known, and the token that tokens/{token} resolves.
    data = [
        {"service_request_id": ticket.code, "token": ticket.token, "service_notice": "", "account_id": None}
    ]
    return render(fmt, data, root="service_requests", item="request", status=201)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


@require_GET
def request_detail(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    try:
        readable, show = _reader(request)
    except BadKey:
        return error(fmt, 403, "api_key is not valid")
    t = (
        readable.select_related("category", "community__parent")
        .prefetch_related("attachments")
        .filter(code=fold_code(code))
        .first()
    )
    if t is None:
        return error(fmt, 404, "service_request_id provided was not found")
    lang = translation.get_language() or "zh-hans"
    return render(fmt, [show(t, lang, request)], root="service_requests", item="request")


@require_GET
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    # The token is what the submitter was given: holding it is enough to learn the request's id.
    try:
        readable, _show = _reader(request)
    except BadKey:
        return error(fmt, 403, "api_key is not valid")
    t = readable.filter(token=token).only("code", "token").first()
    if t is None:
        return error(fmt, 404, "token provided was not found")
    return render(
        fmt, [{"service_request_id": t.code, "token": t.token}], root="service_requests", item="request"
    )

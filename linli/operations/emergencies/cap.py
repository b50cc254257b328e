"""An alert as CAP 1.2 (OASIS Common Alerting Protocol) XML, for other warning systems, and the
alerts in force as an Atom feed whose entries carry their CAP message (CAP over Atom, as national
warning services publish it).

Areas carry their official codes as geocodes: GB/T 2260 for a city or district, the 12-digit
统计用区划代码 for a street or community. Only writes XML, never parses it.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from xml.etree import ElementTree as ET

from django.conf import settings

from linli.operations.models import Alert, AlertMsgType, IncidentKind, IncidentLevel

NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM = "http://www.w3.org/2005/Atom"
CATEGORY: dict[str, str] = {
    IncidentKind.FIRE: "Fire",
    IncidentKind.FLOOD: "Met",
    IncidentKind.HEALTH: "Health",
    IncidentKind.FOOD: "Health",
    IncidentKind.HEAT: "Met",
    IncidentKind.COLD: "Met",
    IncidentKind.OUTAGE: "Infra",
}
SEVERITY: dict[str, str] = {
    IncidentLevel.I: "Extreme",
    IncidentLevel.II: "Severe",
    IncidentLevel.III: "Moderate",
    IncidentLevel.IV: "Minor",
}


def sender() -> str:
    return getattr(settings, "LINLI_CAP_SENDER", "linli@localhost")


def _time(value: dt.datetime) -> str:
    # CAP wants a local time with its offset and no fraction: 2026-07-10T09:00:00+08:00.
    return value.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(microsecond=0).isoformat()


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{tag}")
    el.text = text
    return el


def to_xml(alert: Alert) -> bytes:
    ET.register_namespace("", NS)
    return ET.tostring(_alert(alert), encoding="utf-8", xml_declaration=True)


def feed_xml(
    alerts: Iterable[Alert], *, title: str, link: str, entry_link: Callable[[Alert], str], now: dt.datetime
) -> bytes:
    """An Atom 1.0 feed at `link`, one entry per alert, its CAP message inline as the content and
    `entry_link(alert)` as the address of the CAP message alone."""
    ET.register_namespace("", ATOM)
    ET.register_namespace("cap", NS)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _atom(feed, "id", link)
    _atom(feed, "title", title)
    _atom(feed, "updated", _time(now))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=link)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _atom(author, "name", sender())
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _atom(entry, "id", f"{sender()},{alert.code},{_time(alert.sent_at)}")
        _atom(entry, "title", alert.headline)
        _atom(entry, "updated", _time(alert.sent_at))
        _atom(entry, "summary", alert.text)
        ET.SubElement(
            entry, f"{{{ATOM}}}link", rel="alternate", type="application/cap+xml", href=entry_link(alert)
        )
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="application/cap+xml")
        content.append(_alert(alert))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _atom(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = text
    return el


def _alert(alert: Alert) -> ET.Element:
    root = ET.Element(f"{{{NS}}}alert")
    _sub(root, "identifier", alert.code)
    _sub(root, "sender", sender())
    _sub(root, "sent", _time(alert.sent_at))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", "Public")
    if alert.references is not None:
        ref = alert.references
        _sub(root, "references", f"{sender()},{ref.code},{_time(ref.sent_at)}")
    if alert.incident is not None:
        _sub(root, "incidents", alert.incident.code)
    info = ET.SubElement(root, f"{{{NS}}}info")
    _sub(info, "language", "zh-CN")
    _sub(info, "category", CATEGORY.get(alert.kind, "Other"))
    _sub(info, "event", str(IncidentKind(alert.kind).label))
    _sub(info, "responseType", "AllClear" if alert.msg_type == AlertMsgType.CANCEL else "Prepare")
    _sub(info, "urgency", "Past" if alert.msg_type == AlertMsgType.CANCEL else "Expected")
    _sub(info, "severity", SEVERITY.get(alert.level, "Unknown"))
    _sub(info, "certainty", "Likely")
    _sub(info, "expires", _time(alert.expires_at))
    _sub(info, "senderName", alert.area.name)
    _sub(info, "headline", alert.headline)
    _sub(info, "description", alert.text)
    if alert.instruction:
        _sub(info, "instruction", alert.instruction)
    area = ET.SubElement(info, f"{{{NS}}}area")
    _sub(area, "areaDesc", alert.area.name)
    geocode = ET.SubElement(area, f"{{{NS}}}geocode")
    _sub(geocode, "valueName", "GB/T 2260" if len(alert.area.code) == 6 else "统计用区划代码")
    _sub(geocode, "value", alert.area.code)
    return root

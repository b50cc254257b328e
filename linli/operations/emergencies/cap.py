"""An alert as CAP 1.2 (OASIS Common Alerting Protocol) XML, for other warning systems.

Areas carry their official codes as geocodes: GB/T 2260 for a city or district, the 12-digit
统计用区划代码 for a street or community. Only writes XML, never parses it.
"""

import datetime as dt
from xml.etree import ElementTree as ET

from django.conf import settings

from linli.operations.models import Alert, AlertMsgType, IncidentKind, IncidentLevel

NS = "urn:oasis:names:tc:emergency:cap:1.2"
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
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

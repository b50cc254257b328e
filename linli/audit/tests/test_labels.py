"""Every audit event the code base records has a readable label in both languages."""

import ast
import re
from pathlib import Path

from django.utils import translation

from linli.audit.labels import LABELS, label_for
from linli.services.models import EventKind as OrderEventKind
from linli.tickets.models import EventKind

ROOT = Path(__file__).resolve().parents[2]  # linli/
CJK = re.compile(r"[\u4e00-\u9fff]")


def _codes(value: ast.expr) -> set[str]:
    """The codes one `action=` argument can take: a literal, either branch of `a if c else b`, and
    `f"tickets.ticket.{kind}"` and `f"services.order.{kind}"` for every kind of step."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return {value.value}
    if isinstance(value, ast.IfExp):
        return _codes(value.body) | _codes(value.orelse)
    if isinstance(value, ast.JoinedStr):
        prefix = "".join(v.value for v in value.values if isinstance(v, ast.Constant))
        kinds = {"tickets.ticket.": EventKind.values, "services.order.": OrderEventKind.values}
        assert prefix in kinds, f"an f-string event code this test cannot expand: {prefix}…"
        return {prefix + kind for kind in kinds[prefix]}
    raise AssertionError(f"an event code this test cannot read: {ast.dump(value)}")


def recorded_codes() -> set[str]:
    codes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "record":
                continue
            for kw in node.keywords:
                if kw.arg == "action":
                    codes |= _codes(kw.value)
    return codes


def test_the_collector_finds_the_events_of_every_app():
    codes = recorded_codes()
    assert len(codes) > 120
    for prefix in (
        "accounts.",
        "areas.",
        "registry.",
        "tickets.ticket.",
        "governance.",
        "finance.",
        "disclosure.",
        "services.order.",
    ):
        assert any(c.startswith(prefix) for c in codes), prefix


def test_every_recorded_event_has_a_label():
    missing = sorted(recorded_codes() - LABELS.keys())
    assert missing == []


def test_every_label_reads_in_english_and_in_chinese():
    for code in recorded_codes():
        with translation.override("en"):
            english = label_for(code)
        with translation.override("zh-hans"):
            chinese = label_for(code)
        assert english != code and not CJK.search(english), code
        assert CJK.search(chinese), (code, chinese)


def test_ticket_resolved_reads_as_a_sentence():
    with translation.override("zh-hans"):
        assert label_for("tickets.ticket.resolved") == "诉求已办结"
    with translation.override("en"):
        assert label_for("tickets.ticket.resolved") == "Request resolved"

"""Every app's zh-Hans catalog is complete, compiled and up to date with the code."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LINLI = Path(__file__).resolve().parents[2]
APPS = sorted(p.parent.name for p in LINLI.glob("*/apps.py"))
STRING = r'"((?:[^"\\]|\\.)*)"'


def catalog(app: str) -> Path:
    return LINLI / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; plural forms joined by |.

    An entry with a context has the msgid "context\x04msgid", as gettext keys it.
    """
    out = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        ids = re.search(r"^msgid " + STRING + r"((?:\n" + STRING + r")*)", block, re.M)
        if not ids:
            continue
        msgid = ids.group(1) + "".join(re.findall(STRING, ids.group(2)))
        ctx = re.search(r"^msgctxt " + STRING + r"((?:\n" + STRING + r")*)", block, re.M)
        if ctx and msgid:
            msgid = ctx.group(1) + "".join(re.findall(STRING, ctx.group(2))) + "\x04" + msgid
        strs = re.findall(r"^msgstr(?:\[\d\])? " + STRING + r"((?:\n" + STRING + r")*)", block, re.M)
        values = [a + "".join(re.findall(STRING, b)) for a, b, _ in strs]
        if msgid:
            out.append((msgid, "|".join(values) if values and all(values) else "", "#, fuzzy" in block))
    return out


def uses_gettext(app: str) -> bool:
    pattern = re.compile(r"gettext|{% *(?:translate|trans|blocktranslate|blocktrans)\b")
    return any(
        pattern.search(f.read_text(encoding="utf-8"))
        for f in (LINLI / app).rglob("*")
        if f.suffix in {".py", ".html", ".txt"} and "tests" not in f.parts and "migrations" not in f.parts
    )


@pytest.mark.parametrize("app", APPS)
def test_every_string_is_translated(app):
    if not catalog(app).exists():
        assert not uses_gettext(app), f"{app} has strings but no catalog: run `make messages`"
        return
    missing = [m for m, s, fuzzy in entries(catalog(app)) if not s or fuzzy]
    assert missing == []


@pytest.mark.parametrize("app", APPS)
def test_compiled_catalog_matches_the_source(app):
    if not catalog(app).exists():
        return
    with catalog(app).with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for msgid, msgstr, _ in entries(catalog(app)):
        if "|" not in msgstr and "\\" not in msgid + msgstr:
            context, _, text = msgid.rpartition("\x04")
            got = compiled.pgettext(context, text) if context else compiled.gettext(text)
            assert got == msgstr, msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("app", APPS)
def test_catalog_holds_every_string_of_the_code(app, tmp_path):
    """makemessages on a copy of the app finds no msgid that its committed catalog lacks."""
    work = tmp_path / app
    shutil.copytree(LINLI / app, work, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
    (work / "locale").mkdir(exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            str(LINLI.parent / "manage.py"),
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--settings=linli.settings.test",
        ],
        cwd=work,
        check=True,
        capture_output=True,
    )
    fresh_po = work / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    fresh = {m for m, _, _ in entries(fresh_po)} if fresh_po.exists() else set()
    committed = {m for m, _, _ in entries(catalog(app))} if catalog(app).exists() else set()
    assert sorted(fresh - committed) == []

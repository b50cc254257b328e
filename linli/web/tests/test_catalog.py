"""The zh-Hans catalog is complete, compiled and up to date with the code."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; plural forms joined."""
    text = po.read_text(encoding="utf-8")
    out = []
    for block in text.split("\n\n"):
        fuzzy = "#, fuzzy" in block
        ids = re.search(r'msgid "((?:[^"\\]|\\.)*)"((?:\n"(?:[^"\\]|\\.)*")*)', block)
        if not ids:
            continue
        msgid = ids.group(1) + "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', ids.group(2)))
        strs = re.findall(r'msgstr(?:\[\d\])? "((?:[^"\\]|\\.)*)"((?:\n"(?:[^"\\]|\\.)*")*)', block)
        values = [a + "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', b)) for a, b in strs]
        if msgid:
            out.append((msgid, "|".join(values) if all(values) else "", fuzzy))
    return out


def test_every_string_is_translated():
    missing = [m for m, s, fuzzy in entries(LOCALE / "django.po") if not s or fuzzy]
    assert missing == []


def test_compiled_catalog_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for msgid, msgstr, _ in entries(LOCALE / "django.po"):
        if "|" not in msgstr and "\\" not in msgid:
            assert compiled.gettext(msgid) == msgstr, msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalog_holds_every_string_of_the_code(tmp_path):
    """makemessages on a copy finds no msgid that the committed catalog lacks."""
    root = Path(__file__).resolve().parents[3]
    work = tmp_path / "linli"
    shutil.copytree(root / "linli", work, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            str(root / "manage.py"),
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
    fresh = {m for m, _, _ in entries(work / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")}
    committed = {m for m, s, _ in entries(LOCALE / "django.po")}
    assert sorted(fresh - committed) == []

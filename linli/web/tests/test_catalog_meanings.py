"""One English msgid, one Chinese wording: Django merges every app's catalog into one table.

Two catalogs that translate the same context-less msgid differently are a bug whoever wins the
merge: "due" (a ticket's deadline, 期限) read "应走访日期" (a home visit's due date), and the
household relation "parent" (父母) read "上级区域" (an area's parent). Words that mean different
things in different apps take a `pgettext` context instead.
"""

import gettext
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.utils import translation

LINLI = Path(__file__).resolve().parents[2]


def compiled_catalogs() -> dict[str, dict[str, str]]:
    """{app label: {msgid: msgstr}} of every installed app with a zh-Hans catalog (Django's too).

    A context's msgid is "context\\x04msgid"; a plural entry is its singular, "\\x00" before it.
    """
    out = {}
    for config in apps.get_app_configs():
        mo = Path(config.path) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as f:
                raw = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
            out[config.label] = {
                ("\x00" + key[0] if isinstance(key, tuple) else key): value
                for key, value in raw.items()
                if key != "" and (not isinstance(key, tuple) or key[1] == 0)
            }
    return out


def is_linli(config_label: str) -> bool:
    return Path(apps.get_app_config(config_label).path).is_relative_to(LINLI)


def test_no_two_catalogs_translate_one_msgid_differently():
    catalogs = compiled_catalogs()
    ours = {label for label in catalogs if is_linli(label)}
    wordings: dict[str, dict[str, str]] = defaultdict(dict)
    for label, entries in catalogs.items():
        for msgid, msgstr in entries.items():
            wordings[msgid][label] = msgstr
    clashes = {
        msgid: by_app
        for msgid, by_app in wordings.items()
        if ours & by_app.keys() and len(set(by_app.values())) > 1
    }
    assert clashes == {}, "give these msgids a pgettext context per meaning, or one wording"


def test_every_app_is_served_its_own_wording():
    """What Django serves in zh-Hans is what each linli catalog says (no other catalog wins)."""
    wrong = []
    with translation.override("zh-hans"):
        for label, entries in compiled_catalogs().items():
            if not is_linli(label):
                continue
            for msgid, msgstr in entries.items():
                context, _, text = msgid.lstrip("\x00").rpartition("\x04")
                if msgid.startswith("\x00"):
                    served = (
                        translation.npgettext(context, text, text, 1)
                        if context
                        else translation.ngettext(text, text, 1)
                    )
                else:
                    served = translation.pgettext(context, text) if context else translation.gettext(text)
                if served != msgstr:
                    wrong.append((label, msgid, msgstr, served))
    assert wrong == []


# (context, msgid, wording): passed through variables, so that makemessages does not collect them here.
MIXED_UP = [
    ("", "due", "期限"),
    ("visit", "due", "应走访日期"),
    ("", "parent", "上级区域"),
    ("relation", "parent", "父母"),
]


def test_contexts_keep_apart_what_the_issue_found_mixed_up():
    with translation.override("zh-hans"):
        for context, msgid, wording in MIXED_UP:
            served = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            assert (context, msgid, served) == (context, msgid, wording)

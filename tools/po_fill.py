"""Fill empty msgstr entries of a .po file from a JSON object {msgid: translation}.

    python tools/po_fill.py linli/<app>/locale/zh_Hans/LC_MESSAGES/django.po strings.json
    python tools/po_fill.py --missing linli/<app>/locale/zh_Hans/LC_MESSAGES/django.po

Plural entries take the translation for msgstr[0] (zh-Hans has one plural form). Entries with
placeholders are refused if the translation does not carry the same placeholders. `--missing`
prints the msgids still untranslated, as a JSON object ready to fill in. An entry with a context
(pgettext) is keyed "context\u0004msgid", as gettext keys it in a compiled catalog.
"""

import json
import re
import sys
from pathlib import Path

STRING = r'"((?:[^"\\]|\\.)*)"'
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}|%[sd]")


def unquote(s: str) -> str:
    return json.loads('"' + s + '"')


def quote(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def blocks(text: str) -> list[str]:
    return text.split("\n\n")


def msgid_of(block: str) -> str | None:
    m = re.search(r"^msgid " + STRING + r"((?:\n" + STRING + r")*)", block, re.M)
    if not m:
        return None
    msgid = unquote(m.group(1)) + "".join(unquote(x) for x in re.findall(STRING, m.group(2)))
    ctx = re.search(r"^msgctxt " + STRING + r"((?:\n" + STRING + r")*)", block, re.M)
    if ctx and msgid:
        context = unquote(ctx.group(1)) + "".join(unquote(x) for x in re.findall(STRING, ctx.group(2)))
        return context + "\x04" + msgid
    return msgid


def is_empty(block: str) -> bool:
    strs = re.findall(r"^msgstr(?:\[\d\])? " + STRING + r"((?:\n" + STRING + r")*)", block, re.M)
    return not strs or any(not (a + "".join(re.findall(STRING, b))) for a, b, _ in strs)


def fill(block: str, translation: str) -> str:
    head = re.split(r"^msgstr", block, maxsplit=1, flags=re.M)[0]
    head = head.replace("#, fuzzy\n", "").replace(", fuzzy", "")
    key = "msgstr[0]" if "msgid_plural" in block else "msgstr"
    return head + f"{key} {quote(translation)}"


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--missing":
        po = Path(args[1])
        missing = {}
        for b in blocks(po.read_text(encoding="utf-8")):
            mid = msgid_of(b)
            if mid and (is_empty(b) or "#, fuzzy" in b):
                missing[mid] = ""
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return 0
    po, table = Path(args[0]), json.loads(Path(args[1]).read_text(encoding="utf-8"))
    out, bad = [], []
    for b in blocks(po.read_text(encoding="utf-8")):
        mid = msgid_of(b)
        if mid and mid in table and table[mid] and (is_empty(b) or "#, fuzzy" in b):
            want = sorted(PLACEHOLDER.findall(mid.split("\x04")[-1]))
            if sorted(PLACEHOLDER.findall(table[mid])) != want:
                bad.append(mid)
            else:
                b = fill(b, table[mid])
        out.append(b)
    po.write_text("\n\n".join(out), encoding="utf-8")
    for mid in bad:
        print(f"placeholders differ, not filled: {mid}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""What every identifier typed by a person goes through before it is checked, stored or indexed.

A Chinese input method easily gives full-width digits (U+FF11 for 1), an ideographic space
or a full-width dash; phones and spreadsheets give other scripts' digits (Arabic-Indic,
Devanagari). One person must have one spelling, or the blind index misses and the same
person is registered twice. So: NFKC first (full-width → ASCII), then any remaining decimal
digit of another script → its ASCII digit, white space removed, letters upper-cased. Whatever
is still not ASCII is left in place for the checker to refuse with its own message; it is
never stored.

One place for all of them: ID numbers, mobile numbers, area codes, voting and tracking codes,
ticket numbers and the other short codes.
"""

import re
import unicodedata

# Dashes people type between groups of a code or a phone number. NFKC already turns the
# full-width hyphen-minus into "-"; these are the ones it leaves alone.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\ufe58\ufe63\uff0d"
_SPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(f"[\\s{re.escape(_DASHES)}]+")


def _ascii_digits(text: str) -> str:
    # unicodedata.decimal knows every script's decimal digits (Arabic-Indic ٣, Devanagari ३ ...).
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and unicodedata.decimal(ch, None) is not None else ch
        for ch in text
    )


def fold(raw: str | None) -> str:
    """NFKC, other scripts' digits as ASCII, no white space anywhere, upper case."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SPACE.sub("", _ascii_digits(text)).upper()


def fold_code(raw: str | None) -> str:
    """`fold`, and the spaces or dashes people type between groups (XRFY-EMWZ-AK8B) go too."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SEPARATORS.sub("", _ascii_digits(text)).upper()


def fold_phone(raw: str | None) -> str:
    """A phone number as typed, folded: digits and a leading + (spaces and dashes dropped)."""
    return fold_code(raw)


def is_ascii_token(value: str) -> bool:
    """Only ASCII letters and digits: what a folded identifier must be before it is kept."""
    return value.isascii() and value.isalnum()

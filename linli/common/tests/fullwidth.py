"""Input as a Chinese input method (or another script's keyboard) types it, for the tests."""


def full_width(text: str) -> str:
    """Full-width mode: U+FF01..U+FF5E for ASCII, U+3000 for a space."""
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def script(text: str, zero: str) -> str:
    """`text` with its ASCII digits written in another script whose zero is `zero`."""
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)

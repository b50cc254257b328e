"""Who and where a write comes from, set once per request so actions need not pass it."""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("linli_client_ip", default=None)

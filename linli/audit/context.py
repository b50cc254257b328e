"""Who and where a write comes from, set once per request so actions need not pass it."""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("linli_client_ip", default=None)
# The HTTP method of the request being served (None outside a request: jobs, commands, tests).
request_method: ContextVar[str | None] = ContextVar("linli_request_method", default=None)

"""The one error that actions raise for failures a user should see."""

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A refused action: `code` for machines, `message` (already translated) for people.

    `fields` maps form field names to messages, for errors that belong to one input.
    `status` is the HTTP status the API answers with.
    """

    def __init__(
        self,
        code: str,
        message: Any,
        *,
        fields: Mapping[str, Any] | None = None,
        status: int = 400,
    ) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.fields = dict(fields or {})
        self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {
                k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in self.fields.items()
            },
        }


class NotFound(DomainError):
    """Outside the viewer's areas or absent: the two are never told apart."""

    def __init__(self, message: Any = None) -> None:
        from django.utils.translation import gettext as _

        super().__init__("not_found", message or _("Not found."), status=404)


class Forbidden(DomainError):
    def __init__(self, message: Any = None) -> None:
        from django.utils.translation import gettext as _

        super().__init__("forbidden", message or _("You may not do this."), status=403)

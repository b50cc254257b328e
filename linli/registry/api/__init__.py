"""The registry's REST API (/api/v1/registry/...): thin — parse, call a query or action, shape.

One router (`common.router`); each module adds its operations to it. They are imported here in
the order the paths appear in the OpenAPI document.
"""

# isort: off
from linli.registry.api import buildings, residents, households, care, visits, counts  # noqa: F401
from linli.registry.api import reports, rentals, residence, files  # noqa: F401

# isort: on
from linli.registry.api.common import router

__all__ = ["router"]

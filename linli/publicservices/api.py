"""/api/v1/publicservices: the sub-domains' operations (assistance, employment, mediation) joined
into one router under their prefixes, as governance joins its own: ninja's nested routers put
the prefix into OpenAPI without its slash."""

from ninja import Router

from linli.publicservices import import_api
from linli.publicservices.assistance.api import router as assistance_router
from linli.publicservices.employment.api import router as employment_router
from linli.publicservices.mediation.api import router as mediation_router
from linli.publicservices.property.api import router as property_router

router = Router(tags=["publicservices"])
for _prefix, _sub in (
    ("/assistance", assistance_router),
    ("/employment", employment_router),
    ("/mediation", mediation_router),
    ("/property", property_router),
    ("/employment", import_api.employment_router),
    ("/assistance", import_api.assistance_router),
):
    for _path, _view in _sub.path_operations.items():
        router.path_operations[_prefix + _path] = _view
        for _operation in _view.operations:
            _operation.operation_id = f"linli_publicservices_{_prefix[1:]}_{_operation.view_func.__name__}"

"""/api/v1/publicservices: the sub-domains' routers (assistance, employment, …) under one prefix."""

from ninja import Router

from linli.publicservices.assistance.api import router as assistance_router
from linli.publicservices.employment.api import router as employment_router
from linli.publicservices.mediation.api import router as mediation_router

router = Router(tags=["publicservices"])
router.add_router("/assistance", assistance_router)
router.add_router("/employment", employment_router)
router.add_router("/mediation", mediation_router)

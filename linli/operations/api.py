"""/api/v1/operations: government work admitted into communities (admission/), emergencies and
alerts (emergencies/), welfare checks (welfare/)."""

from ninja import Router

from linli.operations.admission.api import router as admission_router
from linli.operations.emergencies.api import router as emergencies_router
from linli.operations.welfare.api import router as welfare_router

router = Router()
router.add_router("/admission", admission_router)
router.add_router("/emergencies", emergencies_router)
router.add_router("/welfare", welfare_router)

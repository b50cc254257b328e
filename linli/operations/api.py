"""/api/v1/operations: government work admitted into communities (admission/)."""

from ninja import Router

from linli.operations.admission.api import router as admission_router

router = Router()
router.add_router("/admission", admission_router)

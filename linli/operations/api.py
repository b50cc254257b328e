"""/api/v1/operations: government work admitted into communities (admission/), emergencies and
alerts (emergencies/), welfare checks (welfare/). linli.api mounts each under /operations/<name>
(a nested ninja router would lose the slash in the OpenAPI paths)."""

from ninja import Router

from linli.operations.admission.api import router as admission_router
from linli.operations.emergencies.api import router as emergencies_router
from linli.operations.emergencies.task_api import router as incident_tasks_router
from linli.operations.plans.api import router as plans_router
from linli.operations.welfare.api import router as welfare_router

routers: list[tuple[str, Router]] = [
    ("/admission", admission_router),
    ("/emergencies", emergencies_router),
    ("/emergencies", incident_tasks_router),
    ("/welfare", welfare_router),
    ("/preparedness", plans_router),
]

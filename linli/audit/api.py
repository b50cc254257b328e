from datetime import datetime
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from linli.audit.queries import events_for
from linli.common.schemas import Pagination
from linli.ui.http import ApiRequest

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
    created_at: datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    area_code: str | None
    details: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor_id else None

    @staticmethod
    def resolve_area_code(obj: Any) -> str | None:
        return obj.area.code if obj.area_id else None


@router.get("", response=list[AuditEventOut], summary="Audit events in your reach")
@paginate(Pagination, page_size=50)
def list_events(request: ApiRequest, action: str = "") -> Any:
    return events_for(request.auth, action=action)

"""Self-government API under /api/v1/governance/: the sub-domains' routers and the public page."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from linli.governance.charter.api import router as charter_router
from linli.governance.elections.api import router as elections_router
from linli.governance.evaluation.api import router as evaluation_router
from linli.governance.meetings.api import router as meetings_router
from linli.governance.public import public_community, public_page

router = Router(tags=["governance"])
# One router, as before the split: the sub-domains' operations join it path by path, so the paths
# and operation ids stay what clients know (ninja's add_router("") would drop a slash).
for _sub in (elections_router, meetings_router, charter_router, evaluation_router):
    for _path, _view in _sub.path_operations.items():
        if _path in router.path_operations:
            raise RuntimeError(f"two governance routers claim {_path}")
        router.path_operations[_path] = _view
        for _operation in _view.operations:
            _operation.operation_id = f"linli_governance_api_{_operation.view_func.__name__}"


# Public


@router.get("/public/{community_code}", auth=None, summary="What a community has published (no sign-in)")
def public(request: HttpRequest, community_code: str) -> dict[str, Any]:
    page = public_page(public_community(community_code))
    return {
        "community": {"code": page["community"].code, "name": page["community"].name},
        "elections": [
            {
                "code": e.code,
                "title": e.title,
                "certified_at": e.certified_at,
                "elected": [{"name": x.name, "position": x.position, "votes": x.votes} for x in winners],
            }
            for e, winners in page["elections"]
        ],
        "decisions": [
            {
                "title": m.title,
                "meeting": m.meeting.title,
                "for": m.votes_for,
                "against": m.votes_against,
                "published_at": m.published_at,
            }
            for m in page["decisions"]
        ],
        "documents": [
            {"title": d.title, "kind": d.kind, "version": v.number, "text": v.text}
            for d, v in page["documents"]
        ],
    }

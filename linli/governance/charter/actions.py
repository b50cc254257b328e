"""Charter and conventions: documents and their adopted versions."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import NotFound
from linli.governance.checks import _community, _err, _now
from linli.governance.meetings.actions import DECIDING
from linli.governance.models import (
    Document,
    DocumentKind,
    DocumentVersion,
    Motion,
    MotionStatus,
)
from linli.governance.permissions import (
    require_manage,
)

# ---------------------------------------------------------------------------------------------
# Charter and conventions


def document_create(*, actor: User | None, community: Area, kind: str, title: str) -> Document:
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if kind not in DocumentKind.values:
            raise _err("invalid_kind", _("Choose charter or convention."), "kind")
        if not title.strip():
            raise _err("title_required", _("Enter a title."), "title")
        doc = Document.objects.create(
            code=short_code("D", 6), community=community, kind=kind, title=title.strip()
        )
        record(actor=actor, action="governance.document.created", obj=doc, area=community)
    return doc


def document_adopt(
    *, actor: User | None, document: Document, text: str, motion: Motion, now: dt.datetime | None = None
) -> DocumentVersion:
    """A new version, adopted only by an adopted motion of a residents' or representatives' meeting."""
    now = _now(now)
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("community").get(pk=document.pk)
        require_manage(actor, document.community)
        motion = Motion.objects.select_related("meeting").get(pk=motion.pk)
        if motion.meeting.community_id != document.community_id:
            raise NotFound()
        if motion.status != MotionStatus.ADOPTED or motion.meeting.kind not in DECIDING:
            raise _err(
                "needs_decision",
                _(
                    "A charter or convention is adopted only by a decision of a residents' or representatives' meeting."
                ),
                "motion",
                409,
            )
        if DocumentVersion.objects.filter(motion=motion).exists():
            raise _err("motion_used", _("This decision already adopted a version."), "motion", 409)
        text = text.strip().replace("\r\n", "\n")
        if not text:
            raise _err("text_required", _("Enter the text."), "text")
        latest = document.versions.order_by("-number").first()
        if latest is not None and latest.text == text:
            raise _err("unchanged", _("The text is the same as the current version."), "text", 409)
        version = DocumentVersion.objects.create(
            document=document,
            number=(latest.number if latest else 0) + 1,
            text=text,
            motion=motion,
            adopted_at=now,
        )
        record(
            actor=actor,
            action="governance.document.adopted",
            obj=version,
            area=document.community,
            details={"version": version.number, "motion": motion.pk},
            now=now,
        )
    return version

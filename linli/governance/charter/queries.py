"""Charter and convention reads, scoped to the viewer, and the diff between two versions."""

import difflib
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from linli.accounts.policy import Viewer
from linli.governance.models import (
    Document,
    DocumentVersion,
)
from linli.governance.permissions import can_view
from linli.governance.queries import _visible


def documents_for(user: Viewer) -> QuerySet[Document]:
    return Document.objects.filter(_visible(user)).select_related("community")


def document_for(user: Viewer, code: str) -> Document:
    doc = Document.objects.select_related("community").filter(code=code).first()
    if doc is None or not can_view(user, doc.community):
        raise Http404
    return doc


@dataclass
class DiffLine:
    op: str  # "same", "added", "removed"
    text: str


def version_diff(old: DocumentVersion | None, new: DocumentVersion) -> list[DiffLine]:
    """Line differences between two versions, ready for the template (no HTML from difflib)."""
    before = old.text.splitlines() if old else []
    after = new.text.splitlines()
    out = []
    for line in difflib.ndiff(before, after):
        tag, text = line[:2], line[2:]
        if tag == "? ":
            continue
        out.append(DiffLine({"  ": "same", "+ ": "added", "- ": "removed"}[tag], text))
    return out

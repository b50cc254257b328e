"""API uploads of the two list imports (multipart, field `file`): job seekers under
/employment/seekers/import/{community}, assistance recipients under
/assistance/recipients/import/{community}. All or nothing: a file with bad rows answers 422 in the
error shape with every bad row by its line number in `fields.file`, and writes nothing."""

from typing import Any

from ninja import File, Router, Schema
from ninja.files import UploadedFile

from linli.areas.queries import community_for
from linli.publicservices import importing
from linli.publicservices.permissions import VIEW
from linli.ui.http import ApiRequest

FILE = File(...)

employment_router = Router(tags=["publicservices"])
assistance_router = Router(tags=["publicservices"])


class ListImportOut(Schema):
    imported: int


@employment_router.post(
    "/seekers/import/{community}",
    response={200: ListImportOut},
    summary="Import a list of job seekers (.xlsx, all or nothing)",
)
def import_seekers(request: ApiRequest, community: str, file: UploadedFile = FILE) -> Any:
    area = community_for(request.auth, community, VIEW)
    data = file.read(importing.MAX_BYTES + 1)
    return {"imported": importing.seekers_import(actor=request.auth, community=area, data=data)}


@assistance_router.post(
    "/recipients/import/{community}",
    response={200: ListImportOut},
    summary="Import a list of 低保/特困 recipients (.xlsx, all or nothing)",
)
def import_recipients(request: ApiRequest, community: str, file: UploadedFile = FILE) -> Any:
    area = community_for(request.auth, community, VIEW)
    data = file.read(importing.MAX_BYTES + 1)
    return {"imported": importing.recipients_import(actor=request.auth, community=area, data=data)}

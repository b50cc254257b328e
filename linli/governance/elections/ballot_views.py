"""The voter's path: the ballot (signed in, or with the code from a paper slip), the receipt with
its tracking code, and the public board where the code is checked.

Who may vote is checked before the ballot is shown (`actions.ballot_check`): someone not on the
register, too early, too late or who already voted reads why, and sees no ballot.

The receipt. The tracking code is the one thing a voter must keep, so the receipt survives a
switch of language or text size (each re-asks the page with GET) and can be printed. The code is
kept in a signed cookie of the voter's own browser, limited to the receipt's address and to
`RECEIPT_SECONDS`, and never in a URL (access logs keep URLs) nor in the server's session: the
session row holds the signed-in voter's id, and a row holding both the voter and the tracking
code would join who voted to what they voted, which the secret ballot forbids (docs/governance.md).
The receipt's own address names nothing: /governance/vote/receipt/. "I have written it down"
forgets the code at once, for a shared computer in the community office.
"""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from linli.governance.elections import actions, board_file, queries
from linli.governance.elections import forms as f
from linli.governance.models import (
    POSITION_CHOICES,
    POSITION_ORDER,
    Candidate,
    Election,
    Round,
    RoundStatus,
    StationCount,
)
from linli.ui.forms import onto_form
from linli.ui.http import absolute_url

RECEIPT_COOKIE = "linli_receipt"
RECEIPT_SALT = "governance.receipt"
RECEIPT_SECONDS = 30 * 60

# ---------------------------------------------------------------------------------------------
# The ballot


def _ballot_positions(
    r: Round, election: Election, request: HttpRequest | None = None
) -> list[dict[str, Any]]:
    """The ballot's positions; after a refused ballot, with what the voter had ticked and typed."""
    by_position: dict[str, list[Candidate]] = {}
    for c in r.candidates.order_by("name", "pk"):
        by_position.setdefault(c.position, []).append(c)
    order = {p: i for i, p in enumerate(POSITION_ORDER)}
    posted = request.POST if request is not None and request.method == "POST" else None
    out = []
    for p, n in sorted(r.seats.items(), key=lambda kv: order.get(kv[0], 9)):
        ticked = set(posted.getlist(p)) if posted else set()
        typed = posted.getlist(f"w_{p}") if posted else []
        slots = int(n) if election.allow_write_ins else 0
        out.append(
            {
                "position": p,
                "label": dict(POSITION_CHOICES)[p],
                "seats": int(n),
                "candidates": [(c, str(c.pk) in ticked) for c in by_position.get(p, [])],
                "write_ins": [(i, typed[i] if i < len(typed) else "") for i in range(slots)],
            }
        )
    return out


def _picks(request: HttpRequest, r: Round) -> dict[str, Any]:
    picks: dict[str, Any] = {"write_ins": {}}
    for p in r.seats:
        picks[p] = [x for x in request.POST.getlist(p) if x]
        picks["write_ins"][p] = [x for x in request.POST.getlist(f"w_{p}") if x.strip()]
    return picks


def _ballot_page(
    request: HttpRequest,
    r: Round,
    *,
    refusal: forms.Form | None = None,
    credential: str = "",
    voter: Any = None,
) -> HttpResponse:
    """Show the ballot, or cast it when it was sent (`cast`). A refused ballot is shown again
    as ticked, with the refusal above it; a refusal before the ballot (`refusal`) shows no ballot."""
    form = forms.Form({})
    sent = request.method == "POST" and (voter is not None or bool(request.POST.get("cast")))
    if refusal is None and sent:
        with onto_form(form) as outcome:
            tracking = actions.ballot_cast(
                round=r, picks=_picks(request, r), credential=credential, voter=voter
            )
        if outcome.ok:
            return _to_receipt(request, r, tracking)
    context = {
        "election": r.election,
        "round": r,
        "refusal": refusal,
        "form": form,
        "positions": [] if refusal is not None else _ballot_positions(r, r.election, request),
        "credential": credential,
        "board_published": r.status != RoundStatus.OPEN,
    }
    failed = bool(form.errors) or (refusal is not None and request.method == "POST")
    return render(request, "governance/ballot.html", context, status=400 if failed else 200)


@login_required
def ballot(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The ballot of a signed-in voter, after checking that they may vote in this round now."""
    election = queries.election_for(request.user, code)
    r = queries.round_of(election, number)
    check = forms.Form({})
    with onto_form(check) as eligible:
        actions.ballot_check(round=r, voter=request.user)
    return _ballot_page(request, r, refusal=None if eligible.ok else check, voter=request.user)


def vote_with_code(request: HttpRequest) -> HttpResponse:
    """Voting with the one-time code from a slip: no account needed. The code is checked first
    (valid, round open, not used); then the ballot is shown, and sent with the code again."""
    form = f.CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["credential"]
        r = queries.round_of_credential(code)
        if r is None:
            form.add_error("credential", _("This voting code is not valid."))
        else:
            with onto_form(form) as outcome:
                actions.ballot_check(round=r, credential=code)
            if outcome.ok:
                return _ballot_page(request, r, credential=code)
    return render(request, "governance/vote_code.html", {"form": form}, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------------------------
# The receipt


def _to_receipt(request: HttpRequest, r: Round, tracking: str) -> HttpResponse:
    """After a cast: the receipt's address, with the code in the voter's browser only."""
    response = redirect("governance:receipt")
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        f"{r.pk}:{tracking}",
        salt=RECEIPT_SALT,
        max_age=RECEIPT_SECONDS,
        path=reverse("governance:receipt"),
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
    )
    return response


def _receipt_of(request: HttpRequest) -> tuple[Round, str] | None:
    """(round, tracking code) kept by this browser, if signed by us and younger than the limit."""
    value = request.get_signed_cookie(
        RECEIPT_COOKIE, default=None, salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS
    )
    round_pk, _sep, tracking = (value or "").partition(":")
    if not round_pk.isdigit() or not tracking:
        return None
    found = Round.objects.select_related("election__community").filter(pk=int(round_pk)).first()
    return (found, tracking) if found is not None else None


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt of the ballot this browser cast in the last half hour, as often as asked."""
    kept = _receipt_of(request)
    if kept is None:
        return render(
            request, "governance/receipt.html", {"gone": True, "minutes": RECEIPT_SECONDS // 60}, status=404
        )
    r, tracking = kept
    board = reverse("governance:board", args=[r.election.code, r.number])
    context = {
        "election": r.election,
        "round": r,
        "tracking": tracking,
        "board_url": absolute_url(request, board),
        "board_published": r.status != RoundStatus.OPEN,
        "minutes": RECEIPT_SECONDS // 60,
    }
    return render(request, "governance/receipt.html", context)


@require_POST
def receipt_forget(request: HttpRequest) -> HttpResponse:
    response = redirect("governance:vote")
    response.delete_cookie(RECEIPT_COOKIE, path=reverse("governance:receipt"), samesite="Strict")
    return response


# ---------------------------------------------------------------------------------------------
# The public board


def _round_or_404(code: str, number: int) -> Round:
    r = Round.objects.select_related("election__community").filter(election__code=code, number=number).first()
    if r is None:
        raise Http404
    return r


def _trustees_part(r: Round) -> list[tuple[Any, Any]]:
    """Each trustee with their partial decryption of the round's totals (None: not taken part)."""
    parts = {d.trustee_id: d for d in r.decryptions.all()}
    return [(t, parts.get(t.pk)) for t in r.election.trustees.order_by("number")]


def board(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The public board: every tracking code with its encrypted ballot's fingerprint and whether
    its proofs hold, a check for one's own code, and how online and paper totals add up.
    While voting is open it says when it will be published (the receipt links here)."""
    r = _round_or_404(code, number)
    if r.status == RoundStatus.OPEN:
        context = {"round": r, "election": r.election, "now": timezone.now()}
        return render(request, "governance/board_pending.html", context)
    look = request.GET.get("code", "").strip()
    found = queries.is_on_board(r, look) if look else None
    page = Paginator(queries.board_page_rows(r), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/board.html",
        {
            "round": r,
            "election": r.election,
            "page": page,
            "rows": page,
            "sums": queries.board_sums(r) if r.status == RoundStatus.COUNTED else [],
            "look": look,
            "found": found,
            "stations": StationCount.objects.filter(round=r, confirmed_by__isnull=False).select_related(
                "station"
            ),
            "results": queries.results(r) if r.status == RoundStatus.COUNTED else [],
            "trustees": _trustees_part(r),
            "board_file": board_file.existing(r),
            "download_name": board_file.download_name(r) if r.status == RoundStatus.COUNTED else "",
        },
    )


def board_json(request: HttpRequest, code: str, number: int) -> HttpResponseBase:
    """The board for anyone to check. Counted: the file written once (`board_file`), gzipped,
    with the SHA-256 the board page shows. Closed but not yet counted: streamed from the database."""
    r = _round_or_404(code, number)
    if r.status == RoundStatus.OPEN:
        raise Http404
    if r.status == RoundStatus.COUNTED:
        written = board_file.ensure(r)
        served = FileResponse(
            written.path.open("rb"),
            as_attachment=True,
            filename=board_file.download_name(r),
            content_type="application/gzip",
        )
        served.block_size = 1 << 20  # when the server has no sendfile (wsgi.file_wrapper)
        served["X-Content-SHA256"] = written.sha256
        return served
    streamed = StreamingHttpResponse(queries.board_export_stream(r), content_type="application/json")
    streamed["Content-Disposition"] = f'attachment; filename="board-{code}-{number}.json"'
    return streamed

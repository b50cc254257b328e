"""Election pages: announcement, register, candidates, rounds, ballots and the public board."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.governance import rules
from linli.governance.elections import actions, queries
from linli.governance.elections import forms as f
from linli.governance.lookups import _get, _managed_or_404, managed_community
from linli.governance.models import (
    POSITION_CHOICES,
    STAGE_ORDER,
    Application,
    Credential,
    Decision,
    Election,
    Objection,
    PollingStation,
    Position,
    Round,
    RoundStatus,
    Stage,
    StationCount,
    VoterEntry,
    VoterMark,
)
from linli.governance.permissions import (
    can_certify,
    can_manage,
    can_manage_election,
    can_object,
    own_records,
)
from linli.registry.models import Resident
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest, absolute_url
from linli.ui.qr import qr_svg

# ---------------------------------------------------------------------------------------------
# Elections


@login_required
def election_new(request: AuthedHttpRequest) -> HttpResponse:
    form = f.ElectionForm(request.POST or None, communities=_managed_or_404(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            election = actions.election_announce(
                actor=request.user,
                community=managed_community(request.user, d["community"]),
                title=d["title"],
                election_day=d["election_day"],
                register_cutoff=d["register_cutoff"],
                seats={p: d[p] or 0 for p in Position.values},
                method=d["method"],
                allow_write_ins=d["allow_write_ins"],
                require_surplus=d["require_surplus"],
            )
        if outcome.ok:
            messages.success(request, _("The election was announced."))
            return redirect("governance:election", code=election.code)
    title = _("Announce an election")
    status = 400 if form.errors else 200
    return render(request, "governance/form_page.html", {"form": form, "title": title}, status=status)


def _steps(election: Election) -> list[dict[str, Any]]:
    here = election.stage_index
    return [
        {"label": Stage(s).label, "done": i < here, "current": i == here} for i, s in enumerate(STAGE_ORDER)
    ]


def _page(request: HttpRequest, election: Election, **bound: Any) -> HttpResponse:
    """The election page; `bound` holds the submitted form when an action was refused."""
    window = bound.get("window") or f.WindowForm()
    station_form = bound.get("station_form") or f.StationForm()
    refused = bound.get("refused")
    if bound:
        election.refresh_from_db()
    entry = None
    records = own_records(request.user, election.community)
    if records:
        entry = VoterEntry.objects.filter(election=election, resident__in=records).first()
    context = {
        "election": election,
        "steps": _steps(election),
        "seats": queries.by_position(election.seats.all()),
        "manage": can_manage_election(request.user, election),
        "certify": can_certify(request.user, election.community),
        "listed": election.register.filter(is_listed=True).count(),
        "candidates": queries.official_candidates(election),
        "stations": election.stations.all(),
        "rounds": list(election.rounds.all()),
        "window": window,
        "station_form": station_form,
        "refused": refused,
        "unfilled": [(dict(POSITION_CHOICES)[p], n) for p, n in actions.unfilled_seats(election).items()]
        if election.stage == Stage.COUNTED
        else [],
        "elected": queries.elected(election) if election.stage in (Stage.COUNTED, Stage.CERTIFIED) else [],
        "entry": entry,
        "now": timezone.now(),
    }
    failed = any(isinstance(v, forms.Form) and v.errors for v in bound.values())
    return render(request, "governance/election.html", context, status=400 if failed else 200)


@login_required
def election_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, queries.election_for(request.user, code))


def _managed_election(request: HttpRequest, code: str) -> Election:
    election = queries.election_for(request.user, code)
    if not can_manage_election(request.user, election):
        raise Http404
    return election


@require_POST
@login_required
def register_build(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = _managed_election(request, code)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.register_build(actor=request.user, election=election)
    if not outcome.ok:
        return _page(request, election, refused=form)
    messages.success(request, _("The register was published."))
    return redirect("governance:register", code=code)


@require_POST
@login_required
def nomination_open(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = _managed_election(request, code)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.nomination_open(actor=request.user, election=election)
    if not outcome.ok:
        return _page(request, election, refused=form)
    messages.success(request, _("Nominations are open."))
    return redirect("governance:election", code=code)


@require_POST
@login_required
def station_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = _managed_election(request, code)
    form = f.StationForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.station_add(actor=request.user, election=election, name=d["name"], place=d["place"])
        if outcome.ok:
            messages.success(request, _("Polling station added."))
            return redirect("governance:election", code=code)
    return _page(request, election, station_form=form)


def _schedule(request: HttpRequest, code: str, action: Any) -> HttpResponse:
    """Voting and run-off rounds are scheduled the same way: a window of opening and closing."""
    election = _managed_election(request, code)
    form = f.WindowForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            r = action(
                actor=request.user, election=election, opens_at=d["opens_at"], closes_at=d["closes_at"]
            )
        if outcome.ok:
            messages.success(request, _("Voting is scheduled."))
            return redirect("governance:round", code=code, number=r.number)
    return _page(request, election, window=form)


@require_POST
@login_required
def voting_open(request: HttpRequest, code: str) -> HttpResponse:
    return _schedule(request, code, actions.voting_open)


@require_POST
@login_required
def runoff_open(request: HttpRequest, code: str) -> HttpResponse:
    return _schedule(request, code, actions.runoff_open)


@require_POST
@login_required
def election_certify(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = queries.election_for(request.user, code)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.election_certify(actor=request.user, election=election)
    if not outcome.ok:
        return _page(request, election, refused=form)
    messages.success(request, _("The election is certified."))
    return redirect("governance:election", code=code)


def _people(request: HttpRequest, election: Election, q: str) -> list[Resident]:
    # Whom an objection can name: people on the published register and the objector themself;
    # staff also whoever their search found. Never the whole registry (it holds children too).
    listed_ids = election.register.filter(is_listed=True).values("resident_id")
    people = {r.pk: r for r in Resident.objects.filter(pk__in=listed_ids).only("pk", "name")}
    people.update({r.pk: r for r in own_records(request.user, election.community)})
    # Searching the community's residents is for the community's staff (not a body's organisers).
    if can_manage(request.user, election.community) and q:
        people.update(
            {r.pk: r for r in Resident.objects.filter(community=election.community, name__contains=q)[:20]}
        )
    return sorted(people.values(), key=lambda r: r.name)


def _register_page(request: HttpRequest, election: Election, **bound: Any) -> HttpResponse:
    """The register page; `bound` holds the submitted form when an action was refused."""
    manage = can_manage_election(request.user, election)
    q = request.GET.get("q", "").strip()
    entries = queries.register(election)
    if not manage:
        entries = entries.filter(is_listed=True)  # removals and their reasons are for staff
    if q:
        entries = entries.filter(name__contains=q)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    found = []
    if manage and q and can_manage(request.user, election.community):
        listed = set(election.register.filter(is_listed=True).values_list("resident_id", flat=True))
        found = [
            (r, r.pk in listed)
            for r in Resident.objects.filter(community=election.community, name__contains=q)[:20]
        ]
    mine = own_records(request.user, election.community)
    context = {
        "election": election,
        "manage": manage,
        "page": page,
        "q": q,
        "found": found,
        "objections": election.objections.select_related("subject"),
        "applications": election.applications.select_related("resident"),
        "objection_form": bound.get("objection_form")
        or f.ObjectionForm(people=_people(request, election, q)),
        "correction": bound.get("correction") or f.CorrectionForm(),
        "decide": bound.get("decide") or f.DecideForm(),
        "refused": bound.get("refused"),
        "window_open": election.stage == Stage.REGISTER
        and election.objection_deadline is not None
        and timezone.localdate() <= election.objection_deadline,
        "can_object": can_object(request.user, election.community),
        "can_apply": bool(mine)
        and election.stage in (Stage.ANNOUNCED, Stage.REGISTER)
        and mine[0].kind not in rules.rule("GOV_AUTO_KINDS"),
        "pending": Decision.PENDING,
    }
    failed = any(isinstance(v, forms.Form) and v.errors for v in bound.values())
    return render(request, "governance/register.html", context, status=400 if failed else 200)


@login_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    return _register_page(request, queries.election_for(request.user, code))


def _saved(request: HttpRequest, code: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    return redirect("governance:register", code=code)


@require_POST
@login_required
def objection_file(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = queries.election_for(request.user, code)
    form = f.ObjectionForm(request.POST, people=_people(request, election, request.GET.get("q", "").strip()))
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            subject = _resident(election, d["subject"])
            actions.objection_file(
                actor=request.user, election=election, kind=d["kind"], subject=subject, text=d["text"]
            )
        if outcome.ok:
            return _saved(request, code)
    return _register_page(request, election, objection_form=form)


@require_POST
@login_required
def application_submit(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = queries.election_for(request.user, code)
    mine = own_records(request.user, election.community)
    if not mine:
        raise Http404
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.application_submit(actor=request.user, election=election, resident=mine[0])
    if not outcome.ok:
        return _register_page(request, election, refused=form)
    messages.success(request, _("Your application was received."))
    return redirect("governance:register", code=code)


@require_POST
@login_required
def register_correct(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = _managed_election(request, code)
    form = f.CorrectionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.register_correct(
                actor=request.user,
                election=election,
                resident=_resident(election, d["resident"]),
                listed=d["listed"],
                reason=d["reason"],
                group_name=d["group_name"],
            )
        if outcome.ok:
            return _saved(request, code)
    return _register_page(request, election, correction=form)


@require_POST
@login_required
def objection_decide(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    election = _managed_election(request, code)
    objection = _get(Objection, election=election, pk=pk)
    form = f.DecideForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.objection_decide(
                actor=request.user, objection=objection, accept=d["accept"], answer=d["answer"]
            )
        if outcome.ok:
            return _saved(request, code)
    return _register_page(request, election, decide=form)


@require_POST
@login_required
def application_decide(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    election = _managed_election(request, code)
    application = _get(Application, election=election, pk=pk)
    form = f.DecideForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.application_decide(
                actor=request.user, application=application, accept=d["accept"], answer=d["answer"]
            )
        if outcome.ok:
            return _saved(request, code)
    return _register_page(request, election, decide=form)


def _resident(election: Election, pk: Any) -> Resident:
    resident = Resident.objects.filter(community=election.community, pk=pk).first()
    if resident is None:
        raise Http404
    return resident


def _positions(election: Election) -> list[str]:
    return list(election.seats.values_list("position", flat=True))


def _candidates_page(request: HttpRequest, election: Election, **bound: Any) -> HttpResponse:
    entries = list(election.register.filter(is_listed=True).order_by("name"))
    form = bound.get("form") or f.NominateForm(entries=entries, positions=_positions(election))
    context = {
        "election": election,
        "manage": can_manage_election(request.user, election) and election.stage == Stage.NOMINATION,
        "candidates": queries.by_position(election.candidates.all()),
        "form": form,
        "refused": bound.get("refused"),
        "seats": queries.by_position(election.seats.all()),
    }
    failed = any(isinstance(v, forms.Form) and v.errors for v in bound.values())
    return render(request, "governance/candidates.html", context, status=400 if failed else 200)


@login_required
def candidates(request: HttpRequest, code: str) -> HttpResponse:
    return _candidates_page(request, queries.election_for(request.user, code))


@require_POST
@login_required
def candidate_nominate(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = _managed_election(request, code)
    entries = list(election.register.filter(is_listed=True).order_by("name"))
    form = f.NominateForm(request.POST, entries=entries, positions=_positions(election))
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.candidate_nominate(
                actor=request.user,
                election=election,
                position=d["position"],
                entry=VoterEntry.objects.get(election=election, pk=d["entry"]),
                nominated_by=d["nominated_by"],
                supporters=d.get("supporters") or 0,
                statement=d.get("statement", ""),
            )
        if outcome.ok:
            messages.success(request, _("Nomination recorded."))
            return redirect("governance:candidates", code=code)
    return _candidates_page(request, election, form=form)


@require_POST
@login_required
def candidates_publish(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = _managed_election(request, code)
    chosen = [int(x) for x in request.POST.getlist("official") if x.isdigit()]
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.candidates_publish(actor=request.user, election=election, official=chosen)
    if not outcome.ok:
        return _candidates_page(request, election, refused=form)
    messages.success(request, _("The candidates are published."))
    return redirect("governance:election", code=code)


@login_required
def round_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    election = queries.election_for(request.user, code)
    r = queries.round_of(election, number)
    if not can_manage_election(request.user, election):
        if r.status == RoundStatus.OPEN:
            return redirect("governance:ballot", code=code, number=number)
        return redirect("governance:board", code=code, number=number)
    return _round_page(request, election, r)


def _round_page(request: HttpRequest, election: Election, r: Round, **bound: Any) -> HttpResponse:
    """The officials' round page; `bound` holds the submitted form when an action was refused."""
    stations = list(election.stations.all())
    q = request.GET.get("q", "").strip()
    found = []
    if q:
        voted = set(VoterMark.objects.filter(round=r).values_list("entry_id", flat=True))
        found = [
            (e, e.pk in voted)
            for e in election.register.filter(is_listed=True, name__contains=q).order_by("name")[:20]
        ]
    if bound:
        r.refresh_from_db()
    count_form = bound.get("count_form") or f.StationCountForm(
        stations=stations, candidates=list(r.candidates.all())
    )
    context = {
        "election": election,
        "round": r,
        "q": q,
        "found": found,
        "mark": bound.get("mark") or f.MarkForm(stations=stations),
        "count_form": count_form,
        "refused": bound.get("refused") or bound.get("mark"),
        "stations": stations,
        "counts": StationCount.objects.filter(round=r).select_related(
            "station", "entered_by", "confirmed_by"
        ),
        "voted": VoterMark.objects.filter(round=r).count(),
        "listed": election.register.filter(is_listed=True).count(),
        "credentials": Credential.objects.filter(round=r).count(),
        "results": queries.results(r) if r.status == RoundStatus.COUNTED else [],
        "now": timezone.now(),
        "needed": rules.needed_more_than(r.voters_registered, "GOV_TURNOUT_SHARE"),
    }
    failed = any(isinstance(v, forms.Form) and v.errors for v in bound.values())
    return render(request, "governance/round.html", context, status=400 if failed else 200)


def _managed_round(request: HttpRequest, code: str, number: int) -> tuple[Election, Round]:
    election = _managed_election(request, code)
    return election, queries.round_of(election, number)


def _issue(request: AuthedHttpRequest, code: str, number: int, entry_pk: Any = None) -> HttpResponse:
    """Voting codes for everyone without one, or a new one for one entry: shown once, on the slips."""
    election, r = _managed_round(request, code, number)
    entries = None if entry_pk is None else [_get(VoterEntry, election=election, pk=entry_pk)]
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        issued = actions.credentials_issue(actor=request.user, round=r, entries=entries)
    if not outcome.ok:
        return _round_page(request, election, r, refused=form)
    # The codes exist only in this response: print, cut and seal the slips now. Each slip gives
    # the voting page's full address and its QR code (the code itself is never in a URL).
    vote_url = absolute_url(request, reverse("governance:vote"))
    context = {
        "election": election,
        "round": r,
        "issued": issued,
        "vote_url": vote_url,
        "qr": qr_svg(vote_url, title=_("QR code of the voting page %(url)s") % {"url": vote_url}),
    }
    return render(request, "governance/slips.html", context)


@require_POST
@login_required
def credentials_issue(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    return _issue(request, code, number)


@require_POST
@login_required
def credential_reissue(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    entry = request.POST.get("entry", "")
    return _issue(request, code, number, entry if entry.isdigit() else -1)


@require_POST
@login_required
def voter_mark(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    election, r = _managed_round(request, code, number)
    form = f.MarkForm(request.POST, stations=list(election.stations.all()))
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            entry = _get(VoterEntry, election=election, pk=d["entry"])
            station = _get(PollingStation, election=election, pk=d["station"])
            actions.voter_mark_in_person(actor=request.user, round=r, entry=entry, station=station)
        if outcome.ok:
            messages.success(request, _("Marked as voted."))
            url = reverse("governance:round", args=[code, number])
            return redirect(f"{url}?{urlencode({'q': request.GET.get('q', '')})}")
    return _round_page(request, election, r, mark=form)


@require_POST
@login_required
def station_count_enter(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    election, r = _managed_round(request, code, number)
    stations, candidates = list(election.stations.all()), list(r.candidates.all())
    form = f.StationCountForm(request.POST, stations=stations, candidates=candidates)
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.station_count_enter(
                actor=request.user,
                round=r,
                station=_get(PollingStation, election=election, pk=d["station"]),
                ballots_returned=d["ballots_returned"],
                ballots_invalid=d["ballots_invalid"],
                votes=form.votes(),
                teller_1=d["teller_1"],
                teller_2=d["teller_2"],
            )
        if outcome.ok:
            messages.success(request, _("Count entered; another official must confirm it."))
            return redirect("governance:round", code=code, number=number)
    return _round_page(request, election, r, count_form=form)


def _round_step(request: HttpRequest, code: str, number: int, step: Any, done: str) -> HttpResponse:
    """Close, count, confirm a station's count: a button whose refusal shows above the page."""
    election, r = _managed_round(request, code, number)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        step(r)
    if not outcome.ok:
        return _round_page(request, election, r, refused=form)
    messages.success(request, done)
    return redirect("governance:round", code=code, number=number)


@require_POST
@login_required
def station_count_confirm(request: AuthedHttpRequest, code: str, number: int, pk: int) -> HttpResponse:
    def step(r: Round) -> None:
        actions.station_count_confirm(actor=request.user, count=_get(StationCount, round=r, pk=pk))

    return _round_step(request, code, number, step, _("Count confirmed."))


@require_POST
@login_required
def round_close(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    def step(r: Round) -> None:
        actions.round_close(actor=request.user, round=r)

    return _round_step(request, code, number, step, _("Voting closed; the board is published."))


@require_POST
@login_required
def round_count(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    def step(r: Round) -> None:
        actions.round_count(actor=request.user, round=r)

    return _round_step(request, code, number, step, _("The round is counted."))

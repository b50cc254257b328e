"""Demo public services for 建外街道 (110105001000), community 幸福里 (110105001001): the `dibao`
sensitive grant for the demo worker, street and district; assistance applications in every state
(one in public notice on the board, recipients, one refused); job seekers from the registry,
a 公益性岗位 and an employer's vacancy, a placement, a course and a start-up; a registered employer
with its own account (`employer_a`), a posting of theirs and a referral to it; the mediation group
with a mediator's account (`mediator_a`) and cases in every state (an agreement, one referred to
the street, one closed after its follow-up). Made through the actions, but for the sensitive
grants (set directly: no demo user may give them). Idempotent."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts import policy
from linli.accounts.actions import user_create
from linli.accounts.models import SensitiveGrant, User
from linli.accounts.roles import Role
from linli.areas.models import Area
from linli.publicservices.assistance import actions as assist
from linli.publicservices.employment import actions as jobs
from linli.publicservices.employment import employers
from linli.publicservices.mediation import actions as mediation
from linli.publicservices.models.assistance import REQUIRED_DOCUMENTS, Application
from linli.publicservices.models.employment import Employer, Seeker
from linli.publicservices.models.mediation import Case
from linli.registry.models import Household, Resident, ResidentStatus

STREET = "110105001000"
COMMUNITY_A = "110105001001"
PDF = b"%PDF-1.4\n% linli demo document\n"
GRANTS = [("worker_a", COMMUNITY_A), ("director_a", COMMUNITY_A), ("jianwai", STREET), ("chaoyang", "110105")]
DEMO_PASSWORD = "linli-demo-2026"  # noqa: S105  (the demo's shared password, printed by demo_load)
# The demo's own sign-ins of public services: username, name, role (all at 幸福里).
ACCOUNTS = [
    ("employer_a", "幸福里便民超市店长", Role.EMPLOYER),
    ("mediator_a", "幸福里人民调解员", Role.MEDIATOR),
]


def _docs(kind: str) -> list[assist.Upload]:
    return [
        assist.Upload(kind=k, filename=f"{k}.pdf", content_type="application/pdf", data=PDF)
        for k in REQUIRED_DOCUMENTS[kind]
    ]


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    a = Area.objects.filter(code=COMMUNITY_A).first()
    street = Area.objects.filter(code=STREET).first()
    users = {u.username: u for u in User.objects.filter(username__in=[g[0] for g in GRANTS])}
    if a is None or street is None or len(users) < len(GRANTS):
        return
    now = now or timezone.now()
    accounts = _accounts(a)
    _assistance_and_jobs(a, street, users, now)
    _employer(a, users["worker_a"], accounts["employer_a"], now)
    _mediation(a, users["worker_a"], accounts["mediator_a"], now)
    if out is not None:
        out.write("demo public services: assistance, employment and mediation for 幸福里")
        for username, name, role in ACCOUNTS:
            out.write(f"  {username:<14} {role.label!s:<22} {name} @ {COMMUNITY_A}")


def _accounts(a: Area) -> dict[str, User]:
    made = {}
    for i, (username, name, role) in enumerate(ACCOUNTS):
        made[username] = User.objects.filter(username=username).first() or user_create(
            actor=None,
            display_name=name,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            area=a,
            phone=f"1391200{i:04d}",
        )
    return made


def _assistance_and_jobs(a: Area, street: Area, users: dict[str, User], now: dt.datetime) -> None:
    if Application.objects.filter(community=a).exists():
        return
    households = list(
        Household.objects.filter(community=a, is_active=True, head__isnull=False).select_related("head")[:8]
    )
    if len(households) < 6:
        return
    worker, street_officer, district = users["worker_a"], users["jianwai"], users["chaoyang"]
    with transaction.atomic():
        for username, code in GRANTS:
            SensitiveGrant.objects.get_or_create(
                user=users[username],
                category="dibao",
                area=Area.objects.get(code=code),
                defaults={"reason": "演示：社会救助经办"},
            )
            policy.forget(users[username])
        start = now - dt.timedelta(days=60)

        def submit(h: Household, kind: str, when: dt.datetime, income: int) -> Application:
            return assist.application_submit(
                actor=worker,
                household=h,
                applicant=h.head,  # type: ignore[arg-type]
                kind=kind,
                members=h.members.count() or 1,
                monthly_income_fen=income,
                assets_fen=300_000,
                reason="家庭收入低于本市低保标准" if kind == "dibao" else "突发困难",
                documents=_docs(kind),
                now=when,
            )

        # Two recipients granted two months ago, paid last month.
        for h in households[:2]:
            app = submit(h, "dibao", start, 60_000)
            assist.application_check(
                actor=worker,
                application=app,
                report="入户核查：属实",
                passed=True,
                amount_fen=139_500,
                now=start,
            )
            assist.application_review(
                actor=street_officer, application=app, passed=True, now=start + dt.timedelta(days=2)
            )
            assist.application_approve(
                actor=district, application=app, passed=True, now=start + dt.timedelta(days=12)
            )
            month = (now - dt.timedelta(days=30)).date().replace(day=1)
            assist.payment_record(
                actor=worker,
                application=app,
                month=month,
                amount_fen=139_500,
                paid_on=month + dt.timedelta(days=4),
                now=now,
            )
        # One in public notice now, one waiting for the street, one waiting for the home visit.
        noticed = submit(households[2], "dibao", now - dt.timedelta(days=6), 40_000)
        assist.application_check(
            actor=worker,
            application=noticed,
            report="入户核查：属实",
            passed=True,
            amount_fen=98_000,
            now=now - dt.timedelta(days=5),
        )
        assist.application_review(
            actor=street_officer, application=noticed, passed=True, now=now - dt.timedelta(days=2)
        )
        checked = submit(households[3], "medical", now - dt.timedelta(days=3), 200_000)
        assist.application_check(
            actor=worker,
            application=checked,
            report="住院费用单据齐全",
            passed=True,
            amount_fen=500_000,
            now=now - dt.timedelta(days=1),
        )
        submit(households[4], "temporary", now - dt.timedelta(hours=5), 0)
        refused = submit(households[5], "dibao", start, 800_000)
        assist.application_check(
            actor=worker,
            application=refused,
            report="家庭收入高于低保标准",
            passed=False,
            now=start + dt.timedelta(days=3),
        )

        # Employment: the registry's unemployed, two postings, a placement, a course, a start-up.
        jobs.seekers_from_registry(actor=worker, community=a, now=start)
        welfare = jobs.posting_create(
            actor=street_officer,
            area=street,
            employer="建外街道城市管理办",
            title="社区保洁员",
            kind="public_welfare",
            welfare_line="cleaning",
            funding="区就业专项资金",
            monthly_subsidy_fen=250_000,
            skills="保洁",
            availability="full_time",
            openings=3,
            wage_fen=260_000,
            now=start,
        )
        jobs.posting_create(
            actor=worker,
            area=a,
            employer="幸福里便民超市",
            title="理货员",
            kind="market",
            skills="理货,收银",
            availability="part_time",
            openings=2,
            wage_fen=180_000,
            now=start,
        )
        seekers = list(Seeker.objects.filter(community=a).order_by("pk")[:2])
        for s in seekers:
            jobs.seeker_update(
                actor=worker,
                seeker=s,
                skills="保洁,绿化",
                training_wanted="育婴",
                availability="full_time",
                now=start,
            )
        if seekers:
            ref = jobs.referral_create(actor=worker, seeker=seekers[0], posting=welfare, now=start)
            jobs.placement_decide(
                actor=worker,
                placement=ref,
                hired=True,
                start=(start + dt.timedelta(days=7)).date(),
                now=start,
            )
        jobs.course_create(
            actor=street_officer,
            area=street,
            title="育婴员培训班",
            skill="育婴",
            starts_on=(now + dt.timedelta(days=14)).date(),
            ends_on=(now + dt.timedelta(days=44)).date(),
            places=20,
            now=now,
        )
        jobs.startup_create(
            actor=worker,
            founder=households[6].head if len(households) > 6 else households[0].head,  # type: ignore[arg-type]
            business="社区早餐铺",
            support="创业担保贷款10万元",
            started_on=(start + dt.timedelta(days=10)).date(),
            jobs_created=3,
            now=start,
        )


def _employer(a: Area, worker: User, account: User, now: dt.datetime) -> None:
    """The supermarket registered as an employer; its manager posts a job and decides a referral."""
    if Employer.objects.filter(area=a).exists():
        return
    start = now - dt.timedelta(days=20)
    with transaction.atomic():
        unit = employers.employer_register(
            actor=worker, area=a, name="幸福里便民超市", members=[account], now=start
        )
        posting = jobs.posting_create(
            actor=account,
            area=a,
            employer=unit.name,
            title="收银员",
            kind="market",
            skills="收银",
            availability="flexible",
            openings=1,
            wage_fen=200_000,
            unit=unit,
            now=start,
        )
        seeking = Seeker.objects.filter(status="seeking").values("resident_id")
        person = (
            Resident.objects.filter(community=a, status=ResidentStatus.ACTIVE)
            .exclude(pk__in=seeking)
            .order_by("pk")
            .first()
        )
        if person is not None:
            seeker = jobs.seeker_register(
                actor=worker,
                resident=person,
                source="worker",
                skills="收银,理货",
                availability="flexible",
                now=start,
            )
            ref = jobs.referral_create(actor=worker, seeker=seeker, posting=posting, now=start)
            jobs.placement_interview(actor=account, placement=ref, at=now + dt.timedelta(days=2), now=start)


def _mediation(a: Area, worker: User, account: User, now: dt.datetime) -> None:
    """The committee's mediation group (one member with an account) and four cases."""
    if Case.objects.filter(community=a).exists():
        return
    people = list(
        Household.objects.filter(community=a, is_active=True, head__isnull=False)
        .select_related("head")
        .order_by("pk")[:4]
    )
    if len(people) < 4:
        return
    start = now - dt.timedelta(days=45)
    p = mediation.PartyIn
    with transaction.atomic():
        lead = mediation.mediator_add(actor=worker, community=a, name="李调解员", user=account, now=start)
        mediation.mediator_add(actor=worker, community=a, name="张大爷（楼门长）", now=start)
        noise = mediation.case_open(
            actor=worker,
            community=a,
            source="walk_in",
            kind="neighbours",
            summary="楼上装修噪音扰民，双方多次争吵",
            parties=[
                p(name=people[0].head.name, side="applicant", resident=people[0].head),  # type: ignore[union-attr]
                p(name=people[1].head.name, side="respondent", resident=people[1].head),  # type: ignore[union-attr]
            ],
            now=start,
        )
        mediation.session_record(
            actor=account,
            case=noise,
            mediator=lead,
            held_at=start + dt.timedelta(days=2),
            notes="双方同意装修时间调整为工作日9时至18时",
            now=start + dt.timedelta(days=2),
        )
        mediation.agreement_record(
            actor=account,
            case=noise,
            agreement="一、装修仅在工作日9时至18时进行；二、如有违反，由调解员再行协调。",
            now=start + dt.timedelta(days=2),
        )
        mediation.case_follow_up(actor=account, case=noise, kept=True, now=start + dt.timedelta(days=30))
        rent = mediation.case_open(
            actor=worker,
            community=a,
            source="hotline",
            kind="rent",
            summary="房东未退押金",
            parties=[
                p(name=people[2].head.name, side="applicant", resident=people[2].head),  # type: ignore[union-attr]
                p(name="某房屋中介公司", side="respondent"),
            ],
            now=now - dt.timedelta(days=10),
        )
        mediation.session_record(
            actor=account,
            case=rent,
            mediator=lead,
            held_at=now - dt.timedelta(days=8),
            notes="中介不同意退还押金",
            now=now - dt.timedelta(days=8),
        )
        mediation.case_refer(
            actor=account,
            case=rent,
            to="street",
            reason="调解不成，转街道人民调解委员会",
            now=now - dt.timedelta(days=7),
        )
        family = mediation.case_open(
            actor=worker,
            community=a,
            source="walk_in",
            kind="family",
            summary="赡养费分担分歧",
            parties=[
                p(name=people[3].head.name, side="applicant", resident=people[3].head),  # type: ignore[union-attr]
                p(name="其弟", side="respondent"),
            ],
            now=now - dt.timedelta(days=3),
        )
        mediation.session_record(
            actor=account,
            case=family,
            mediator=lead,
            held_at=now - dt.timedelta(days=1),
            notes="约定下周再谈",
            now=now - dt.timedelta(days=1),
        )

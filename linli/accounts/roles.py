"""Roles and what each may do. A role is always held at an area and reaches its subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    WORKER = "worker", _("community worker")
    DIRECTOR = "director", _("committee director")
    STREET_OFFICER = "street_officer", _("street officer")
    DISTRICT_OFFICER = "district_officer", _("district officer")
    CITY_ADMIN = "city_admin", _("city administrator")
    AGENT = "agent", _("hotline agent")
    PROVIDER = "provider", _("service provider")
    EMPLOYER = "employer", _("employer")
    MEDIATOR = "mediator", _("mediator")
    AUDITOR = "auditor", _("auditor")


R = Role
OFFICERS = frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER, R.DISTRICT_OFFICER, R.CITY_ADMIN})
# Every role but resident signs in with a second factor.
STAFF_ROLES = frozenset(set(Role) - {R.RESIDENT})

# capability → roles that have it (within the areas where they hold the role).
CAPABILITIES: dict[str, frozenset[Role]] = {
    "areas.view": OFFICERS | {R.AGENT, R.AUDITOR},
    "areas.manage": frozenset({R.DISTRICT_OFFICER, R.CITY_ADMIN}),
    "audit.view": OFFICERS | {R.AUDITOR},
    "accounts.view_users": OFFICERS,
    "accounts.manage_grants": frozenset({R.DIRECTOR, R.STREET_OFFICER, R.DISTRICT_OFFICER, R.CITY_ADMIN}),
    "pii.reveal": OFFICERS | {R.AGENT},
    "registry.manage": frozenset({R.WORKER, R.DIRECTOR}),
    "tickets.view": OFFICERS | {R.AGENT, R.AUDITOR},
    "tickets.create": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER, R.AGENT}),
    "tickets.handle": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "tickets.supervise": frozenset({R.DIRECTOR, R.STREET_OFFICER, R.DISTRICT_OFFICER, R.CITY_ADMIN}),
    "tickets.configure": frozenset({R.CITY_ADMIN}),
    "governance.view": OFFICERS | {R.AUDITOR},
    # Residents take part through their registry record; this only puts the entry in their menu.
    "governance.participate": OFFICERS | {R.AUDITOR, R.RESIDENT},
    # Filing objections and the like: staff who act, not the read-only auditor (who may still
    # object as a resident, through their own registry record).
    "governance.object": OFFICERS,
    "governance.manage": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "governance.certify": frozenset({R.DIRECTOR, R.STREET_OFFICER, R.DISTRICT_OFFICER}),
    # Finance (民主理财): workers enter, the democratic finance group reviews, the director approves.
    "finance.view": OFFICERS | {R.AUDITOR},
    "finance.enter": frozenset({R.WORKER, R.DIRECTOR}),
    "finance.review": frozenset({R.AUDITOR}),
    "finance.approve": frozenset({R.DIRECTOR}),
    "finance.funding": frozenset({R.CITY_ADMIN}),
    # Disclosure (居务公开)
    "disclosure.view": OFFICERS | {R.AUDITOR},
    "disclosure.manage": frozenset({R.WORKER, R.DIRECTOR}),
    "disclosure.configure": frozenset({R.DISTRICT_OFFICER, R.CITY_ADMIN}),
    "disclosure.ask": frozenset({R.RESIDENT}),
    "registry.own_household": frozenset({R.RESIDENT}),
    # Community services and 96156 (linli.services)
    "services.view": OFFICERS | {R.AGENT, R.AUDITOR},
    "services.order": frozenset({R.RESIDENT}),
    "services.create": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER, R.AGENT}),
    "services.dispatch": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "services.entitle": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "services.providers": frozenset({R.STREET_OFFICER, R.DISTRICT_OFFICER, R.CITY_ADMIN}),
    "services.configure": frozenset({R.CITY_ADMIN}),
    "services.settle": frozenset({R.STREET_OFFICER}),
    "services.provide": frozenset({R.PROVIDER}),
    # Civic and Party organizations (linli.organizations): streets file and grade organizations;
    # Party members need a "party" SensitiveGrant on top of organizations.party.
    "organizations.view": OFFICERS | {R.AUDITOR},
    "organizations.manage": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "organizations.grade": frozenset({R.STREET_OFFICER, R.DISTRICT_OFFICER}),
    "organizations.party": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    # The plan's indicators (linli.indicators): read by staff, hand figures entered by the
    # responsible role, a period signed off by the level that answers for it.
    "indicators.view": OFFICERS | {R.AUDITOR},
    "indicators.report": OFFICERS,
    "indicators.signoff": frozenset({R.DIRECTOR, R.STREET_OFFICER, R.DISTRICT_OFFICER, R.CITY_ADMIN}),
    # Volunteers and the time bank (linli.volunteers): residents sign up through their own record.
    "volunteers.view": OFFICERS | {R.AUDITOR},
    "volunteers.participate": frozenset({R.RESIDENT}),
    "volunteers.manage": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    # Corrections of the hours ledger and certificates: the committee or the street, not every worker.
    "volunteers.correct": frozenset({R.DIRECTOR, R.STREET_OFFICER}),
    # Government work admitted into communities (linli.operations, 准入 and 费随事转): streets and
    # districts enter a department's application, the street reviews, the district approves, and
    # the community takes or refuses the task.
    "operations.view": OFFICERS | {R.AUDITOR},
    "operations.apply": frozenset({R.STREET_OFFICER, R.DISTRICT_OFFICER}),
    "operations.review": frozenset({R.STREET_OFFICER}),
    "operations.approve": frozenset({R.DISTRICT_OFFICER}),
    "operations.tasks": frozenset({R.WORKER, R.DIRECTOR}),
    # Emergencies: any officer opens incidents and warns the residents of their area, and builds
    # welfare checks; community workers record the checks.
    "operations.emergency": frozenset(
        {R.WORKER, R.DIRECTOR, R.STREET_OFFICER, R.DISTRICT_OFFICER, R.CITY_ADMIN}
    ),
    "operations.check": frozenset({R.WORKER, R.DIRECTOR}),
    # Public services (linli.publicservices). Assistance rows also need the `dibao` sensitive grant.
    "publicservices.view": OFFICERS | {R.AUDITOR},
    "assistance.apply": frozenset({R.WORKER, R.DIRECTOR}),
    "assistance.check": frozenset({R.WORKER, R.DIRECTOR}),
    "assistance.review": frozenset({R.STREET_OFFICER}),
    "assistance.approve": frozenset({R.DISTRICT_OFFICER}),
    "assistance.pay": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    # Objections during a public notice: residents of the community and staff.
    "assistance.object": OFFICERS | {R.RESIDENT},
    "employment.manage": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "employment.seek": frozenset({R.RESIDENT}),
    # Employers and stationed units post their own jobs; what they see is decided by their
    # membership of an employer (publicservices.models.Employer), as providers' is in services.
    "employment.post": frozenset({R.EMPLOYER}),
    "mediation.manage": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    # Committee-owners-property (publicservices.property): workers and the street keep estates,
    # owners' committees, property contracts and joint meetings; residents answer the survey.
    "property.manage": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "property.answer": frozenset({R.RESIDENT}),
    # A mediator sees and works the cases of the communities whose mediation group they are in
    # (an active Mediator row linked to their account), and nothing else.
    "mediation.mediate": frozenset({R.MEDIATOR}),
    # Facilities and grids (linli.facilities): workers keep the components of their community and
    # inspect; the street and above draw the grids.
    "facilities.view": OFFICERS | {R.AGENT, R.AUDITOR},
    "facilities.manage": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "facilities.inspect": frozenset({R.WORKER, R.DIRECTOR, R.STREET_OFFICER}),
    "facilities.grids": frozenset({R.STREET_OFFICER, R.DISTRICT_OFFICER, R.CITY_ADMIN}),
}

# Which home page a user lands on: the first role of theirs in this order.
HOME_ORDER = [
    R.CITY_ADMIN,
    R.DISTRICT_OFFICER,
    R.STREET_OFFICER,
    R.DIRECTOR,
    R.WORKER,
    R.AGENT,
    R.AUDITOR,
    R.PROVIDER,
    R.MEDIATOR,
    R.EMPLOYER,
    R.RESIDENT,
]

"""The public services' models, one module per sub-domain."""

from linli.publicservices.models.assistance import (
    Application,
    Document,
    Objection,
    Payment,
)
from linli.publicservices.models.employment import (
    Course,
    Employer,
    Enrolment,
    Placement,
    Posting,
    Seeker,
    SeekerSkill,
    StartUp,
)
from linli.publicservices.models.mediation import Case, Mediator, Party, Session
from linli.publicservices.models.property import (
    Committee,
    Company,
    Complaint,
    Contract,
    Estate,
    Meeting,
    Survey,
)

__all__ = [
    "Application",
    "Case",
    "Committee",
    "Company",
    "Complaint",
    "Contract",
    "Course",
    "Document",
    "Employer",
    "Enrolment",
    "Estate",
    "Mediator",
    "Meeting",
    "Objection",
    "Party",
    "Payment",
    "Placement",
    "Posting",
    "Seeker",
    "SeekerSkill",
    "Session",
    "StartUp",
    "Survey",
]

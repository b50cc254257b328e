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

__all__ = [
    "Application",
    "Case",
    "Course",
    "Document",
    "Employer",
    "Enrolment",
    "Mediator",
    "Objection",
    "Party",
    "Payment",
    "Placement",
    "Posting",
    "Seeker",
    "SeekerSkill",
    "Session",
    "StartUp",
]

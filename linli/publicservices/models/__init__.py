"""The public services' models, one module per sub-domain."""

from linli.publicservices.models.assistance import (
    Application,
    Document,
    Objection,
    Payment,
)
from linli.publicservices.models.employment import (
    Course,
    Enrolment,
    Placement,
    Posting,
    Seeker,
    SeekerSkill,
    StartUp,
)

__all__ = [
    "Application",
    "Course",
    "Document",
    "Enrolment",
    "Objection",
    "Payment",
    "Placement",
    "Posting",
    "Seeker",
    "SeekerSkill",
    "StartUp",
]

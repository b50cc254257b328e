"""Social assistance (plan 3.5.(二)): applications for 低保, 特困, 临时救助, medical and education
assistance; the household's declared means; the documents; the community's home visit, the
street's review, the public notice (公示) with its objection window, the district's approval;
payments, and the periodic review of recipients (动态管理).

An application belongs to one community (`community`), which is what scoping filters on; every
read also needs the `dibao` sensitive grant (accounts.SensitiveCategory) in that community.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.crypto import EncryptedTextField


class Kind(models.TextChoices):
    DIBAO = "dibao", _("minimum living allowance (低保)")
    TEKUN = "tekun", _("extreme poverty support (特困)")
    TEMPORARY = "temporary", _("temporary assistance (临时救助)")
    MEDICAL = "medical", _("medical assistance")
    EDUCATION = "education", _("education assistance")


# Kinds paid every month until a review ends them; the others are paid once.
MONTHLY_KINDS = frozenset({Kind.DIBAO, Kind.TEKUN})
# The registry care tag a granted application keeps in step (registry.CareTagKind values).
CARE_TAG = {Kind.DIBAO: "dibao", Kind.TEKUN: "extreme_poverty"}


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("identity card")
    HUKOU = "hukou", _("household register (户口簿)")
    INCOME = "income", _("proof of income")
    INCAPACITY = "incapacity", _("proof of incapacity to work")
    HARDSHIP = "hardship", _("proof of the emergency")
    MEDICAL_BILLS = "medical_bills", _("medical bills")
    ENROLMENT = "enrolment", _("proof of school enrolment")
    OTHER = "other", pgettext_lazy("document", "other")


REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    Kind.DIBAO: (DocumentKind.ID_CARD, DocumentKind.HUKOU, DocumentKind.INCOME),
    Kind.TEKUN: (DocumentKind.ID_CARD, DocumentKind.HUKOU, DocumentKind.INCAPACITY),
    Kind.TEMPORARY: (DocumentKind.ID_CARD, DocumentKind.HARDSHIP),
    Kind.MEDICAL: (DocumentKind.ID_CARD, DocumentKind.MEDICAL_BILLS),
    Kind.EDUCATION: (DocumentKind.ID_CARD, DocumentKind.ENROLMENT),
}


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for the home visit")
    CHECKED = "checked", _("waiting for the street's review")
    NOTICE = "notice", _("in public notice")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", pgettext_lazy("application", "refused")
    ENDED = "ended", _("ended")


# An application in one of these blocks another of the same kind for the same household.
OPEN_STATUSES = (Status.SUBMITTED, Status.CHECKED, Status.NOTICE, Status.GRANTED)


class Application(models.Model):
    code = models.CharField(_("application number"), max_length=12, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of assistance"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    # Declared means of the household (integer fen).
    members = models.PositiveSmallIntegerField(_("people in the household"))
    monthly_income_fen = models.PositiveBigIntegerField(_("household income per month (fen)"))
    assets_fen = models.PositiveBigIntegerField(_("household savings and assets (fen)"))
    reason = EncryptedTextField(_("reason for applying"))
    requested_fen = models.PositiveBigIntegerField(_("amount asked (fen)"), default=0)
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"), default=0)
    created_at = models.DateTimeField(_("submitted"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Each step has its time limit on the working calendar (linli.tickets.calendar).
    check_due = models.DateTimeField(_("home visit due"))
    checked_at = models.DateTimeField(_("home visit done"), null=True, blank=True)
    check_report = EncryptedTextField(_("home visit report"), blank=True)
    review_due = models.DateTimeField(_("street review due"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("street review done"), null=True, blank=True)
    notice_until = models.DateTimeField(_("objections until"), null=True, blank=True)
    approve_due = models.DateTimeField(_("district approval due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refusal = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # Set by the review sweep when the review fell due, cleared by the review.
    review_flagged_on = models.DateField(_("review due since"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assistance application")
        verbose_name_plural = _("assistance applications")
        constraints = [
            # One open application per household and kind, even when two workers submit at once.
            models.UniqueConstraint(
                fields=["household", "kind"],
                condition=Q(status__in=["submitted", "checked", "notice", "granted"]),
                name="publicservices_one_open_application",
            )
        ]
        indexes = [
            models.Index(fields=["community", "status"], name="ps_application_status"),
            models.Index(fields=["status", "next_review_on"], name="ps_application_review"),
        ]

    def __str__(self) -> str:
        return self.code


class Document(models.Model):
    """An uploaded document, kept encrypted at rest like other personal data (base64 in an
    encrypted column: the field keys and their rotation cover it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    filename = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("file type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = EncryptedTextField()
    uploaded_at = models.DateTimeField(_("uploaded"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.application.code}/{self.kind}"


class Objection(models.Model):
    """An objection filed during the public notice; the district sees it before approving."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    text = EncryptedTextField(_("objection"))
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["filed_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.application.code} objection"


class Payment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    month = models.DateField(_("month"))
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"))
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("assistance payment")
        verbose_name_plural = _("assistance payments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "month"], name="publicservices_payment_once_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.code} {self.month:%Y-%m}"

"""People's mediation (人民调解, plan 3.4.(三)): the community's mediators and mediation group,
cases from walk-ins, tickets or the hotline with their parties, sessions, the agreement printed
for signing, follow-up, and referral to the street or a court when mediation fails.

A case belongs to one community (`community`), which is what scoping filters on. What the parties
said is personal: the summary and session notes are encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.crypto import EncryptedTextField


class Mediator(models.Model):
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Member of the committee's mediation group (调解小组), or a volunteer mediator.
    in_group = models.BooleanField(_("member of the mediation group"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")

    def __str__(self) -> str:
        return self.name


class CaseSource(models.TextChoices):
    WALK_IN = "walk_in", _("walk-in")
    TICKET = "ticket", _("from a ticket")
    HOTLINE = "hotline", _("hotline")


class CaseKind(models.TextChoices):
    NEIGHBOURS = "neighbours", _("neighbours")
    FAMILY = "family", _("family and marriage")
    PROPERTY = "property", _("property management")
    RENT = "rent", _("renting")
    DEBT = "debt", _("debts")
    OTHER = "other", pgettext_lazy("dispute", "other")


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("mediation", "in mediation")
    AGREED = "agreed", _("agreement reached")
    REFERRED = "referred", _("referred on")
    CLOSED = "closed", pgettext_lazy("mediation", "closed")


class ReferredTo(models.TextChoices):
    STREET = "street", _("the street's mediation committee")
    COURT = "court", _("a court")


class Case(models.Model):
    code = models.CharField(_("case number"), max_length=12, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("came from"), max_length=10, choices=CaseSource.choices)
    ticket_code = models.CharField(_("ticket"), max_length=20, blank=True)
    kind = models.CharField(_("kind of dispute"), max_length=12, choices=CaseKind.choices)
    summary = EncryptedTextField(_("what the dispute is about"))
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreement = EncryptedTextField(_("agreement"), blank=True)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=10, choices=ReferredTo.choices, blank=True)
    referral_reason = models.CharField(_("why mediation failed"), max_length=500, blank=True)
    followed_up_on = models.DateField(_("followed up"), null=True, blank=True)
    agreement_kept = models.BooleanField(null=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        indexes = [models.Index(fields=["community", "opened_at"], name="ps_case_month")]

    def __str__(self) -> str:
        return self.code


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # A resident of the registry, or someone from outside (a landlord, a company).
    resident = models.ForeignKey(
        "registry.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(
        _("side"), max_length=12, choices=[("applicant", _("applicant")), ("respondent", _("respondent"))]
    )

    class Meta:
        ordering = ["side", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("held"))
    mediator = models.ForeignKey(Mediator, on_delete=models.PROTECT, related_name="+")
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["held_at"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")

    def __str__(self) -> str:
        return f"{self.case.code} {self.held_at:%Y-%m-%d}"

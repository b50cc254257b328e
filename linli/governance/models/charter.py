"""Charter and convention models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from linli.governance.models.meetings import Motion

# ---------------------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    CHARTER = "charter", _("self-government charter (自治章程)")
    CONVENTION = "convention", _("residents' convention (居民公约)")


class Document(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["community", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    motion = models.OneToOneField(
        Motion, verbose_name=_("adopted by"), on_delete=models.PROTECT, related_name="document_version"
    )
    adopted_at = models.DateTimeField(_("adopted"))

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="gov_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


# ---------------------------------------------------------------------------------------------

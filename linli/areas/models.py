from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.areas.levels import Level


class Area(models.Model):
    """One node of city → district → street → community → grid.

    `path` is the chain of codes from the root ("110000/110105/110105001000/"): a subtree is every
    area whose path starts with its root's path, which is how scoping works (accounts.policy).
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    code = models.CharField(pgettext_lazy("area", "code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(max_length=255, unique=True, editable=False)
    office_m2 = models.PositiveIntegerField(_("office space (m²)"), null=True, blank=True)
    service_m2 = models.PositiveIntegerField(_("service space (m²)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    def ancestors_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c][:-1]

    def contains(self, other: "Area") -> bool:
        return other.path.startswith(self.path)

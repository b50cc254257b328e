"""Navigation labels of the tickets app (kept here so that they live in this app's catalog)."""

from django.utils.translation import gettext_lazy as _

TICKETS = _("Tickets")
HOTLINE = _("Hotline")

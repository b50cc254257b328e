from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "linli.tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from linli.accounts import reveal
        from linli.tickets import queries

        reveal.register(
            "tickets.ticket.contact_phone",
            reveal.Revealable(
                fetch=queries.ticket_for_pk, attribute="contact_phone", area_of=lambda t: t.community
            ),
        )

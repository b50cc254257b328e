"""Every rating becomes a row of its own (append-only), so a re-evaluation no longer overwrites one.

The rows are rebuilt from the audit chain, which recorded every evaluation and return visit with
its time, actor, community and answers, so ratings a later re-evaluation had overwritten on the
ticket come back too. A ticket rated without an event in the chain (loaded by other means) keeps
its one rating, taken from the ticket itself.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


ACTIONS = {"tickets.ticket.evaluated": "evaluated", "tickets.ticket.return_visit": "return_visit"}


def copy_ratings(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    Rating = apps.get_model("tickets", "Rating")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    rated = set(Ticket.objects.filter(evaluated_at__isnull=False).values_list("pk", flat=True))
    if not rated:
        return
    notes = {
        (ticket_id, kind, at): note
        for ticket_id, kind, at, note in TicketEvent.objects.filter(kind__in=ACTIONS.values())
        .values_list("ticket_id", "kind", "at", "note")
        .iterator(chunk_size=5000)
    }
    rows, seen = [], set()
    events = AuditEvent.objects.filter(object_type="tickets.ticket", action__in=list(ACTIONS)).order_by("seq")
    for event in events.iterator(chunk_size=5000):
        details = event.details or {}
        ticket_id = int(event.object_id) if event.object_id.isdigit() else None
        if ticket_id not in rated or not details.get("satisfaction") or event.area_id is None:
            continue
        kind = ACTIONS[event.action]
        rows.append(
            Rating(
                ticket_id=ticket_id,
                community_id=event.area_id,
                at=event.created_at,
                actor_id=event.actor_id,
                kind=kind,
                resolved=bool(details.get("resolved")),
                satisfaction=details["satisfaction"],
                note=notes.get((ticket_id, kind, event.created_at), "")[:500],
            )
        )
        seen.add((ticket_id, event.created_at))
    latest = Ticket.objects.filter(evaluated_at__isnull=False).exclude(satisfaction="")
    for t in latest.iterator(chunk_size=5000):
        if (t.pk, t.evaluated_at) in seen:
            continue
        rows.append(
            Rating(
                ticket_id=t.pk,
                community_id=t.community_id,
                at=t.evaluated_at,
                kind="return_visit" if t.return_visit_at == t.evaluated_at else "evaluated",
                resolved=bool(t.resolved_rating),
                satisfaction=t.satisfaction,
                note=t.evaluation_note,
            )
        )
    Rating.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("audit", "0002_chain_head"),
        ("tickets", "0004_contact_phone_index_without_like"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Rating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="evaluated")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("evaluated", "evaluated by the resident"),
                            ("return_visit", "return visit recorded"),
                        ],
                        max_length=24,
                    ),
                ),
                ("resolved", models.BooleanField(verbose_name="resolved, in the resident's view")),
                (
                    "satisfaction",
                    models.CharField(
                        choices=[
                            ("satisfied", "satisfied"),
                            ("basic", "basically satisfied"),
                            ("dissatisfied", "dissatisfied"),
                        ],
                        max_length=16,
                        verbose_name="satisfaction",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="comment")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="areas.area",
                        verbose_name="community",
                    ),
                ),
                (
                    "ticket",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ratings",
                        to="tickets.ticket",
                    ),
                ),
            ],
            options={
                "verbose_name": "rating",
                "verbose_name_plural": "ratings",
                "ordering": ["at", "id"],
                "indexes": [
                    models.Index(fields=["community", "at"], name="tickets_rating_comm_at"),
                    models.Index(fields=["at"], name="tickets_rating_at"),
                ],
            },
        ),
        migrations.RunPython(copy_ratings, migrations.RunPython.noop),
    ]

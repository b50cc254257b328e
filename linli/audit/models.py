"""Append-only, hash-chained record of every write.

Each event carries the hash of the one before it and a keyed hash (HMAC, `LINLI_AUDIT_KEY`)
over its own content, so editing or deleting a row breaks the chain at that row, and only the
key's holder could recompute the links after it (see `chain.verify`). A single head row, locked
while an event is appended, keeps the chain linear under concurrent writers. On PostgreSQL a
trigger refuses UPDATE and DELETE of events whoever sends them.
"""

from typing import Any, NoReturn

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("audit events are append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        # PostgreSQL only (pgtrigger's migrations skip SQLite, where whoever holds the file holds
        # everything): rows are never changed or deleted, by the app or by hand. TRUNCATE (the
        # test suite's flush) is not a row operation; the chain and checkpoints catch it.
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("audit events are append-only")


class ChainHead(models.Model):
    """The last link of the chain: locked by every append (one row, pk=1).

    `keyed_from` is the first event hashed with the key (events before it, written before the
    key existed, keep their plain SHA-256); `keyed_from_mac` authenticates it, so moving it
    to pass forged events off as old ones is noticed.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)
    keyed_from = models.PositiveBigIntegerField(null=True)
    keyed_from_mac = models.CharField(max_length=64, blank=True)
    # Where the chain starts in the database once its oldest months are archived (retention):
    # the last archived event and its hash, authenticated like `keyed_from`.
    archived_through = models.PositiveBigIntegerField(default=0)
    archived_hash = models.CharField(max_length=64, default=GENESIS)
    archived_mac = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class ArchivedPartition(models.Model):
    """A month of rows moved out of the database into a compressed file (`linli.audit.retention`)."""

    kind = models.CharField(_("kind of record"), max_length=20)
    partition = models.CharField(_("partition"), max_length=100, unique=True)
    rows = models.PositiveBigIntegerField(_("rows"))
    path = models.CharField(_("file"), max_length=500)
    sha256 = models.CharField(max_length=64)
    archived_at = models.DateTimeField(_("archived"))
    newest = models.DateTimeField(_("newest record"), null=True)

    class Meta:
        ordering = ["-archived_at"]
        verbose_name = _("archived partition")
        verbose_name_plural = _("archived partitions")

    def __str__(self) -> str:
        return self.partition

"""The catalogue of services and the providers who deliver them (street, district or city)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import Forbidden, NotFound

# A broadcast goes to this many of the nearest eligible providers.
from linli.services.actions.common import _text, field_error
from linli.services.models import (
    Category,
    Certificate,
    Channel,
    Grade,
    Provider,
    ProviderKind,
    ProviderMember,
    ServiceType,
)
from linli.services.permissions import (
    can_configure,
    can_manage_provider,
    forget,
)

# ---------------------------------------------------------------- catalogue


def service_type_save(
    *,
    actor: User | None,
    code: str,
    category: str,
    name: str,
    name_en: str = "",
    description: str = "",
    price_fen: int = 0,
    subsidy_fen: int = 0,
    accept_minutes: int = 30,
    response_hours: int = 4,
    completion_days: int = 2,
    min_age: int | None = None,
    care_tags: str = "",
    household_kinds: str = "",
    channels: str = "portal,hotline,station",
    entitlement_kind: str = "",
    hours_minutes: int = 0,
    is_active: bool = True,
    now: dt.datetime | None = None,
) -> ServiceType:
    """Add a service type to the catalogue or change one (city admins)."""
    now = now or timezone.now()
    if actor is not None and not can_configure(actor):
        raise Forbidden(_("Only city administrators edit the service catalogue."))
    if category not in Category.values:
        raise field_error("bad_category", "category", _("Choose a service category."))
    name = _text(name, "name", _("the service name"), required=True, limit=60)
    if subsidy_fen > price_fen:
        raise field_error("subsidy_over_price", "subsidy_fen", _("The subsidy cannot exceed the price."))
    bad = [c for c in channels.split(",") if c and c not in Channel.values]
    if bad or not channels.strip(","):
        raise field_error("bad_channels", "channels", _("Choose at least one channel."))
    with transaction.atomic():
        service, created = ServiceType.objects.update_or_create(
            code=code,
            defaults={
                "category": category,
                "name": name,
                "name_en": name_en.strip(),
                "description": description.strip()[:300],
                "price_fen": price_fen,
                "subsidy_fen": subsidy_fen,
                "accept_minutes": accept_minutes,
                "response_hours": response_hours,
                "completion_days": completion_days,
                "hours_minutes": hours_minutes,
                "min_age": min_age,
                "care_tags": care_tags,
                "household_kinds": household_kinds,
                "channels": channels,
                "entitlement_kind": entitlement_kind,
                "is_active": is_active,
            },
        )
        record(
            actor=actor,
            action="services.service_type.created" if created else "services.service_type.changed",
            obj=service,
            details={"code": code, "price_fen": price_fen, "subsidy_fen": subsidy_fen, "active": is_active},
            now=now,
        )
    return service


# ---------------------------------------------------------------- providers


def provider_register(
    *,
    actor: User | None,
    area: Area,
    name: str,
    kind: str,
    service_areas: list[Area],
    services: list[ServiceType],
    licence_number: str = "",
    licence_expires: dt.date | None = None,
    grade: str = "",
    capacity_per_day: int = 20,
    opening_hours: str = "",
    open_on_holidays: bool = False,
    meal_cutoff: dt.time | None = None,
    address: str = "",
    lat: Any = None,
    long: Any = None,
    now: dt.datetime | None = None,
) -> Provider:
    """Register a vetted provider at a street or community, with the areas and services it covers."""
    now = now or timezone.now()
    policy.require(actor, "services.providers", area)
    if kind not in ProviderKind.values:
        raise field_error("bad_kind", "kind", _("Choose the kind of provider."))
    if grade not in Grade.values:
        raise field_error("bad_grade", "grade", _("Choose a grade."))
    name = _text(name, "name", _("the provider's name"), required=True, limit=100)
    if not service_areas:
        raise field_error("no_service_area", "service_areas", _("Name at least one area it serves."))
    for served in service_areas:
        if actor is not None and not policy.can(actor, "services.providers", served):
            raise field_error(
                "service_area_outside",
                "service_areas",
                _("A provider can serve only areas within your reach."),
            )
    if kind == ProviderKind.MEAL_POINT and meal_cutoff is None:
        raise field_error("cutoff_required", "meal_cutoff", _("A meal point needs a booking cut-off time."))
    with transaction.atomic():
        provider = Provider.objects.create(
            code=short_code("P", 8),
            name=name,
            kind=kind,
            area=area,
            licence_number=licence_number.strip(),
            licence_expires=licence_expires,
            grade=grade,
            capacity_per_day=capacity_per_day,
            opening_hours=opening_hours.strip()[:100],
            open_on_holidays=open_on_holidays,
            meal_cutoff=meal_cutoff,
            address=address.strip()[:200],
            lat=lat,
            long=long,
            created_at=now,
        )
        provider.service_areas.set(service_areas)
        provider.services.set(services)
        record(
            actor=actor,
            action="services.provider.registered",
            obj=provider,
            area=area,
            details={
                "code": provider.code,
                "kind": kind,
                "grade": grade,
                "services": [s.code for s in services],
            },
            now=now,
        )
    return provider


def provider_update(
    *,
    actor: User | None,
    provider: Provider,
    licence_number: str | None = None,
    licence_expires: dt.date | None = None,
    grade: str | None = None,
    capacity_per_day: int | None = None,
    is_active: bool | None = None,
    now: dt.datetime | None = None,
) -> Provider:
    """Renew the licence, grade the provider (等级评定), change its capacity or suspend it."""
    now = now or timezone.now()
    if actor is not None and not can_manage_provider(actor, provider):
        raise NotFound()
    changed: dict[str, Any] = {}
    if licence_number is not None:
        changed["licence_number"] = licence_number.strip()[:40]
    if licence_expires is not None:
        changed["licence_expires"] = licence_expires
    if grade is not None:
        if grade not in Grade.values:
            raise field_error("bad_grade", "grade", _("Choose a grade."))
        changed["grade"] = grade
    if capacity_per_day is not None:
        changed["capacity_per_day"] = capacity_per_day
    if is_active is not None:
        changed["is_active"] = is_active
    with transaction.atomic():
        for name, value in changed.items():
            setattr(provider, name, value)
        provider.save(update_fields=list(changed) or None)
        record(
            actor=actor,
            action="services.provider.changed",
            obj=provider,
            area=provider.area,
            details={k: str(v) for k, v in changed.items()},
            now=now,
        )
    return provider


def provider_member_add(
    *, actor: User | None, provider: Provider, user: User, now: dt.datetime | None = None
) -> None:
    """Let a user act for a provider (its staff see the orders sent to it)."""
    now = now or timezone.now()
    if actor is not None and not can_manage_provider(actor, provider):
        raise NotFound()
    with transaction.atomic():
        ProviderMember.objects.get_or_create(provider=provider, user=user)
        forget(user)
        record(
            actor=actor,
            action="services.provider.member_added",
            obj=provider,
            area=provider.area,
            details={"code": provider.code, "user": user.pk},
            now=now,
        )


def certificate_add(
    *,
    actor: User | None,
    provider: Provider,
    holder: str,
    title: str,
    number: str,
    expires_on: dt.date,
    now: dt.datetime | None = None,
) -> Certificate:
    """Record a worker's certificate (持证上岗) with its expiry."""
    now = now or timezone.now()
    if actor is not None and not can_manage_provider(actor, provider):
        raise NotFound()
    holder = _text(holder, "holder", _("the holder"), required=True, limit=50)
    title = _text(title, "title", _("the certificate"), required=True, limit=60)
    number = _text(number, "number", _("the certificate number"), required=True, limit=40)
    with transaction.atomic():
        cert = Certificate.objects.create(
            provider=provider, holder=holder, title=title, number=number, expires_on=expires_on
        )
        record(
            actor=actor,
            action="services.provider.certificate_added",
            obj=provider,
            area=provider.area,
            details={"code": provider.code, "expires_on": expires_on.isoformat()},
            now=now,
        )
    return cert

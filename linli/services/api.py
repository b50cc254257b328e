"""/api/v1/services: the catalogue, providers, orders and meals."""

from ninja import Router

router = Router(tags=["services"])

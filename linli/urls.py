from django.urls import include, path

from linli.api.urls import urlpatterns as api_urls
from linli.web import views as web_views

# The API first: its calls are the most frequent, and each pattern tried before costs time.
urlpatterns = [
    *api_urls,
    path("", include("linli.web.urls")),
    path("account/", include("linli.accounts.urls")),
    path("areas/", include("linli.areas.urls")),
    path("audit/", include("linli.audit.urls")),
    path("tickets/", include("linli.tickets.urls")),
    path("open311/v2/", include("linli.tickets.open311_urls")),
    path("governance/", include("linli.governance.urls")),
    path("finance/", include("linli.finance.urls")),
    path("services/", include("linli.services.urls")),
    path("organizations/", include("linli.organizations.urls")),
    path("indicators/", include("linli.indicators.urls")),
    path("volunteers/", include("linli.volunteers.urls")),
    path("operations/", include("linli.operations.urls")),
    path("publicservices/", include("linli.publicservices.urls")),
    path("facilities/", include("linli.facilities.urls")),
    path("disclosure/", include("linli.disclosure.urls")),
    path("public/", include("linli.public.urls")),
    path("registry/", include("linli.registry.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", web_views.healthz, name="healthz"),
]

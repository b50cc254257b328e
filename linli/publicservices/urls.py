from django.urls import include, path

from linli.publicservices import import_views, views

app_name = "publicservices"
urlpatterns = [
    path("", views.index, name="index"),
    path("", include("linli.publicservices.assistance.urls")),
    path("", include("linli.publicservices.employment.urls")),
    path("", include("linli.publicservices.mediation.urls")),
    path("", include("linli.publicservices.property.urls")),
    path("employment/import/<str:code>/", import_views.seekers, name="import_seekers"),
    path("assistance/import/<str:code>/", import_views.recipients, name="import_recipients"),
]

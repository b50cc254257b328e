from django.urls import include, path

from linli.publicservices import views

app_name = "publicservices"
urlpatterns = [
    path("", views.index, name="index"),
    path("", include("linli.publicservices.assistance.urls")),
    path("", include("linli.publicservices.employment.urls")),
]

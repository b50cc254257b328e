from django.urls import include, path

from linli.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("c/<str:code>/", views.public_page, name="public"),
    path("", include("linli.governance.elections.urls")),
    path("", include("linli.governance.meetings.urls")),
    path("", include("linli.governance.charter.urls")),
    path("", include("linli.governance.evaluation.urls")),
]

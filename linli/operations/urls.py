from django.urls import path

from linli.operations.admission import views

app_name = "operations"
urlpatterns = [
    path("", views.index, name="index"),
]

from django.urls import path

from linli.publicservices.mediation import views

urlpatterns = [
    path("mediation/", views.index, name="mediation"),
    path("mediation/c/<str:code>/agreement/", views.agreement_print, name="agreement_print"),
]

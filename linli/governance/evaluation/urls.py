from django.urls import path

from linli.governance.evaluation import views

urlpatterns = [
    path("evaluations/new/", views.campaign_new, name="campaign_new"),
    path("v/<str:code>/", views.campaign_detail, name="campaign"),
]

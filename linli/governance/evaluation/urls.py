from django.urls import path

from linli.governance.evaluation import views

urlpatterns = [
    path("evaluations/new/", views.campaign_new, name="campaign_new"),
    path("v/<str:code>/", views.campaign_detail, name="campaign"),
    path("v/<str:code>/answer/", views.campaign_answer, name="campaign_answer"),
    path("v/<str:code>/close/", views.campaign_close, name="campaign_close"),
    path("v/<str:code>/publish/", views.campaign_publish, name="campaign_publish"),
]

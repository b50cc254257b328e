from django.urls import path

from linli.governance.meetings import views

urlpatterns = [
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("m/<str:code>/", views.meeting_detail, name="meeting"),
    path("petitions/new/", views.petition_new, name="petition_new"),
    path("p/<str:code>/", views.petition_detail, name="petition"),
]

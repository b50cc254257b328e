from django.urls import path

from linli.governance.meetings import views

urlpatterns = [
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("m/<str:code>/", views.meeting_detail, name="meeting"),
    path("m/<str:code>/comment/", views.meeting_comment, name="meeting_comment"),
    path("m/<str:code>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("m/<str:code>/motions/", views.motion_add, name="motion_add"),
    path("m/<str:code>/motions/<int:pk>/vote/", views.motion_vote, name="motion_vote"),
    path("m/<str:code>/motions/<int:pk>/publish/", views.decision_publish, name="decision_publish"),
    path("m/<str:code>/close/", views.meeting_close, name="meeting_close"),
    path("m/<str:code>/respond/", views.hearing_respond, name="hearing_respond"),
    path("petitions/new/", views.petition_new, name="petition_new"),
    path("p/<str:code>/", views.petition_detail, name="petition"),
    path("p/<str:code>/sign/", views.petition_sign, name="petition_sign"),
    path("p/<str:code>/groups/", views.petition_groups, name="petition_groups"),
]

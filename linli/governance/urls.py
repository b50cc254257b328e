from django.urls import path

from linli.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("elections/new/", views.election_new, name="election_new"),
    path("e/<str:code>/", views.election_detail, name="election"),
    path("e/<str:code>/register/", views.register, name="register"),
    path("e/<str:code>/candidates/", views.candidates, name="candidates"),
    path("e/<str:code>/r/<int:number>/", views.round_detail, name="round"),
    path("e/<str:code>/r/<int:number>/ballot/", views.ballot, name="ballot"),
    path("e/<str:code>/r/<int:number>/board/", views.board, name="board"),
    path("e/<str:code>/r/<int:number>/board.json", views.board_json, name="board_json"),
    path("vote/", views.vote_with_code, name="vote"),
    path("c/<str:code>/", views.public_page, name="public"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("m/<str:code>/", views.meeting_detail, name="meeting"),
    path("petitions/new/", views.petition_new, name="petition_new"),
    path("p/<str:code>/", views.petition_detail, name="petition"),
    path("documents/new/", views.document_new, name="document_new"),
    path("d/<str:code>/", views.document_detail, name="document"),
    path("d/<str:code>/v/<int:number>/", views.version_detail, name="version"),
    path("evaluations/new/", views.campaign_new, name="campaign_new"),
    path("v/<str:code>/", views.campaign_detail, name="campaign"),
]

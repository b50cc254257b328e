from django.urls import path

from linli.governance.elections import views

urlpatterns = [
    path("elections/new/", views.election_new, name="election_new"),
    path("e/<str:code>/", views.election_detail, name="election"),
    path("e/<str:code>/register/", views.register, name="register"),
    path("e/<str:code>/candidates/", views.candidates, name="candidates"),
    path("e/<str:code>/r/<int:number>/", views.round_detail, name="round"),
    path("e/<str:code>/r/<int:number>/ballot/", views.ballot, name="ballot"),
    path("e/<str:code>/r/<int:number>/board/", views.board, name="board"),
    path("e/<str:code>/r/<int:number>/board.json", views.board_json, name="board_json"),
    path("vote/", views.vote_with_code, name="vote"),
]

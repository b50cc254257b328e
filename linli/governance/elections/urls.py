from django.urls import path

from linli.governance.elections import views

urlpatterns = [
    path("elections/new/", views.election_new, name="election_new"),
    path("e/<str:code>/", views.election_detail, name="election"),
    path("e/<str:code>/register/build/", views.register_build, name="register_build"),
    path("e/<str:code>/nomination/", views.nomination_open, name="nomination_open"),
    path("e/<str:code>/stations/", views.station_add, name="station_add"),
    path("e/<str:code>/voting/", views.voting_open, name="voting_open"),
    path("e/<str:code>/runoff/", views.runoff_open, name="runoff_open"),
    path("e/<str:code>/certify/", views.election_certify, name="election_certify"),
    path("e/<str:code>/register/", views.register, name="register"),
    path("e/<str:code>/register/correct/", views.register_correct, name="register_correct"),
    path("e/<str:code>/register/apply/", views.application_submit, name="application_submit"),
    path("e/<str:code>/register/objections/", views.objection_file, name="objection_file"),
    path("e/<str:code>/register/objections/<int:pk>/", views.objection_decide, name="objection_decide"),
    path("e/<str:code>/register/applications/<int:pk>/", views.application_decide, name="application_decide"),
    path("e/<str:code>/candidates/", views.candidates, name="candidates"),
    path("e/<str:code>/candidates/nominate/", views.candidate_nominate, name="candidate_nominate"),
    path("e/<str:code>/candidates/publish/", views.candidates_publish, name="candidates_publish"),
    path("e/<str:code>/r/<int:number>/", views.round_detail, name="round"),
    path("e/<str:code>/r/<int:number>/credentials/", views.credentials_issue, name="credentials_issue"),
    path("e/<str:code>/r/<int:number>/reissue/", views.credential_reissue, name="credential_reissue"),
    path("e/<str:code>/r/<int:number>/mark/", views.voter_mark, name="voter_mark"),
    path("e/<str:code>/r/<int:number>/counts/", views.station_count_enter, name="station_count_enter"),
    path(
        "e/<str:code>/r/<int:number>/counts/<int:pk>/confirm/",
        views.station_count_confirm,
        name="station_count_confirm",
    ),
    path("e/<str:code>/r/<int:number>/close/", views.round_close, name="round_close"),
    path("e/<str:code>/r/<int:number>/count/", views.round_count, name="round_count"),
    path("e/<str:code>/r/<int:number>/ballot/", views.ballot, name="ballot"),
    path("e/<str:code>/r/<int:number>/board/", views.board, name="board"),
    path("e/<str:code>/r/<int:number>/board.json", views.board_json, name="board_json"),
    path("vote/", views.vote_with_code, name="vote"),
]

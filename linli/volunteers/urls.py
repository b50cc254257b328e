from django.urls import path

from linli.volunteers import edit_views, org_views, views

app_name = "volunteers"
urlpatterns = [
    path("", views.index, name="index"),
    path("join/", views.join, name="join"),
    path("mine/", views.mine, name="mine"),
    path("mine/gift/", views.gift, name="gift"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("from-organization/<int:pk>/", org_views.from_org, name="from_org"),
    path("a/<str:code>/", views.activity, name="activity"),
    path("a/<str:code>/edit/", edit_views.activity_edit, name="activity_edit"),
    path("a/<str:code>/cancel/", edit_views.activity_cancel, name="activity_cancel"),
    path("teams/", edit_views.teams, name="teams"),
    path("t/<str:code>/", edit_views.team, name="team"),
    path("t/<str:code>/members/<str:step>/", edit_views.team_member, name="team_member"),
    path("v/<str:number>/edit/", edit_views.volunteer_edit, name="volunteer_edit"),
    path("v/<str:number>/leave/", edit_views.volunteer_leave, name="volunteer_leave"),
    path("a/<str:code>/s/<int:shift_id>/signup/", views.signup, name="signup"),
    path("a/<str:code>/s/<int:shift_id>/code/", views.code_screen, name="code"),
    path("a/<str:code>/s/<int:shift_id>/scan/", views.scan, name="scan"),
    path("signups/<int:pk>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("signups/<int:pk>/check/<str:step>/", views.organiser_check, name="organiser_check"),
    path("signups/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("v/<str:number>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
    path("c/<str:code>/roll/", views.roll, name="roll"),
    path("c/<str:code>/import/", views.roll_import, name="roll_import"),
    path("share/", views.share_report, name="share_home"),
    path("share/<str:code>/", views.share_report, name="share"),
]

from django.urls import path

from linli.publicservices.mediation import views

urlpatterns = [
    path("mediation/", views.index, name="mediation"),
    path("mediation/new/", views.case_new, name="mediation_case_new"),
    path("mediation/mediators/", views.mediators, name="mediators"),
    path("mediation/figures/<str:code>/", views.figures, name="mediation_figures"),
    path("mediation/c/<str:code>/", views.case_detail, name="mediation_case"),
    path("mediation/c/<str:code>/sessions/", views.session_add, name="mediation_session"),
    path("mediation/c/<str:code>/agreement/new/", views.agreement_add, name="mediation_agreement"),
    path("mediation/c/<str:code>/referral/", views.case_refer, name="mediation_refer"),
    path("mediation/c/<str:code>/follow-up/", views.case_follow_up, name="mediation_follow_up"),
    path("mediation/c/<str:code>/agreement/", views.agreement_print, name="agreement_print"),
]

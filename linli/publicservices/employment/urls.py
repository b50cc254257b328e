from django.urls import path

from linli.publicservices.employment import views

urlpatterns = [
    path("employment/", views.index, name="employment"),
    path("employment/register/", views.seeker_self, name="seeker_self"),
    path("employment/postings/new/", views.posting_new, name="posting_new"),
    path("employment/postings/mine/new/", views.employer_posting_new, name="employer_posting_new"),
    path("employment/employers/", views.employer_list, name="employers"),
    path("employment/p/<str:code>/", views.posting_detail, name="posting"),
    path("employment/p/<str:code>/refer/", views.posting_refer, name="posting_refer"),
    path("employment/r/<str:code>/decide/", views.referral_decide, name="referral_decide"),
    path("employment/figures/<str:code>/", views.figures, name="figures"),
]

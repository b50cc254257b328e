from django.urls import path

from linli.publicservices.property import views

urlpatterns = [
    path("property/", views.index, name="property"),
    path("property/estates/new/", views.estate_new, name="property_estate_new"),
    path("property/e/<str:code>/", views.estate_detail, name="property_estate"),
    path("property/e/<str:code>/committee/", views.committee_new, name="property_committee_new"),
    path("property/e/<str:code>/contract/", views.contract_new, name="property_contract_new"),
    path("property/e/<str:code>/complaint/", views.complaint_new, name="property_complaint_new"),
    path("property/e/<str:code>/survey/", views.survey_new, name="property_survey_new"),
    path("property/e/<str:code>/meeting/", views.meeting_new, name="property_meeting_new"),
    path("property/companies/new/", views.company_new, name="property_company_new"),
    path("property/c/<str:code>/", views.company_detail, name="property_company"),
    path("property/m/<str:code>/", views.meeting_detail, name="property_meeting"),
    path("property/m/<str:code>/decision/", views.decision_new, name="property_decision_new"),
    path("property/d/<str:code>/follow-up/", views.decision_follow_up, name="property_follow_up"),
    path("property/survey/<str:code>/", views.survey_answer, name="property_answer"),
]

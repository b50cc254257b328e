from django.urls import path

from linli.governance.charter import views

urlpatterns = [
    path("documents/new/", views.document_new, name="document_new"),
    path("d/<str:code>/", views.document_detail, name="document"),
    path("d/<str:code>/adopt/", views.document_adopt, name="document_adopt"),
    path("d/<str:code>/v/<int:number>/", views.version_detail, name="version"),
]

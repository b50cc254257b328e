"""The public board of each community: no login, only published notices and approved figures.

Its pages are registered by the apps that own them (disclosure's notices, finance's figures).
"""

from django.urls import path

from linli.public import views
from linli.ui.registries import BOARD_PAGES

app_name = "public"
urlpatterns = [
    path(f"<str:code>/{page.route}", views.board_page, {"page": page}, name=page.name) for page in BOARD_PAGES
]

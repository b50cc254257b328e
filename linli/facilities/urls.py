from django.urls import path

from linli.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.index, name="index"),
    path("g/<str:code>/", views.grid_detail, name="grid"),
    path("g/<str:code>/components/", views.component_new, name="component_new"),
    path("g/<str:code>/rounds/", views.round_new, name="round_new"),
    path("c/<str:community>/grids/new/", views.grid_draw, name="grid_draw"),
    path("c/<str:community>/import/", views.import_page, name="import"),
    path("c/<str:community>/map/", views.map_page, name="map"),
    path("c/<str:community>/map.geojson", views.map_data, name="map_data"),
    path("k/<str:code>/", views.component_detail, name="component"),
    path("k/<str:code>/state/", views.component_state, name="component_state"),
    path("k/<str:code>/maintained/", views.component_maintained, name="component_maintained"),
    path("k/<str:code>/photos/", views.component_photo, name="component_photo"),
    path("r/<str:code>/", views.round_detail, name="round"),
    path("r/<str:code>/k/<str:component>/", views.round_check, name="round_check"),
    path("problems/", views.problems, name="problems"),
    path("problems/link/", views.problem_link, name="problem_link"),
    path("p/<str:code>/confirm/", views.problem_confirm, name="problem_confirm"),
    path("maintenance/", views.maintenance, name="maintenance"),
    path("rates/", views.rates_page, name="rates"),
]

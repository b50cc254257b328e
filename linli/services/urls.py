from django.urls import path

from linli.services import homecare_views, settlement_views, views

app_name = "services"
urlpatterns = [
    path("", views.index, name="index"),
    path("c/<str:code>/order/", views.order_new, name="order_new"),
    path("c/<str:code>/entitlements/", views.entitlements, name="entitlements"),
    path("c/<str:code>/entitlements/grant/", views.entitlement_grant, name="entitlement_grant"),
    path("c/<str:code>/entitlements/rules/", views.entitlement_rules, name="entitlement_rules"),
    path("o/<str:code>/", views.order_detail, name="order"),
    path("o/<str:code>/dispatch/", views.order_dispatch, name="order_dispatch"),
    path("o/<str:code>/accept/", views.order_accept, name="order_accept"),
    path("o/<str:code>/decline/", views.order_decline, name="order_decline"),
    path("o/<str:code>/on-the-way/", views.order_on_the_way, name="order_on_the_way"),
    path("o/<str:code>/complete/", views.order_complete, name="order_complete"),
    path("o/<str:code>/rate/", views.order_rate, name="order_rate"),
    path("o/<str:code>/cancel/", views.order_cancel, name="order_cancel"),
    path("o/<str:code>/ticket/", views.order_ticket, name="order_ticket"),
    path("providers/", views.providers, name="providers"),
    path("p/<str:code>/", views.provider_detail, name="provider"),
    path("p/<str:code>/meals/", views.meal_day, name="meal_day"),
    path("meals/", views.meals, name="meals"),
    path("meals/book/", views.meal_book, name="meal_book"),
    path("b/<str:code>/serve/", views.booking_serve, name="booking_serve"),
    path("b/<str:code>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("care/", homecare_views.care_plans, name="care_plans"),
    path("care/<str:code>/", homecare_views.care_plan_detail, name="care_plan"),
    path("care/<str:code>/visit/", homecare_views.care_visit_new, name="care_visit_new"),
    path("c/<str:code>/care/", homecare_views.community_care, name="community_care"),
    path("c/<str:code>/care/new/", homecare_views.care_plan_new, name="care_plan_new"),
    path("export/orders/", settlement_views.orders_export, name="orders_export"),
    path("settlements/", settlement_views.settlements, name="settlements"),
    path("settlements/export/", settlement_views.settlements_export, name="settlements_export"),
    path("settlements/new/", settlement_views.settlement_new, name="settlement_new"),
    path("settlements/<str:code>/", settlement_views.settlement_detail, name="settlement"),
    path("settlements/<str:code>/approve/", settlement_views.settlement_approve, name="settlement_approve"),
]

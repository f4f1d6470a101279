from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("coordinator/dashboard/", views.dashboard_home, name="home"),
    path("coordinator/dashboard/<slug:section>.csv", views.dashboard_export_csv, name="export"),
]

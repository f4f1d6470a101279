from django.urls import path

from peers import views

app_name = "peers"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/roles/add/", views.role_add, name="role-add"),
    path("newcomer/", views.newcomer_home, name="newcomer-home"),
    path("supporter/", views.supporter_home, name="supporter-home"),
    path("coordinator/", views.coordinator_home, name="coordinator-home"),
]

from django.urls import path  # noqa: F401 - each part of the activities app adds its block

app_name = "activities"

# Organisations and their organisers (apply, verify, manage), activities (create, edit,
# cancel a session), finding and joining (browse, for you, join, waiting list, come with me),
# and the printable town directory. Each block is added by the part that owns it.
urlpatterns: list = []

# --- Finding: browse, for you, one activity's page, the printable town directory ---------
from activities.views import directory, finding  # noqa: E402

urlpatterns += [
    path("activities/", finding.activity_list, name="activity-list"),
    path("activities/<int:pk>/", finding.activity_detail, name="activity-detail"),
    path("places/", directory.directory_pick, name="directory-pick"),
    path("places/<str:key>/directory/", directory.directory, name="directory"),
]

# --- Joining: join, leave, come with me, my activities, the calendar file -----------------
from activities.views import participation  # noqa: E402

urlpatterns += [
    path("activities/mine/", participation.participation_list, name="participation-list"),
    path("activities/<int:pk>/join/", participation.participation_join, name="activity-join"),
    path("activities/<int:pk>/leave/", participation.participation_leave, name="activity-leave"),
    path(
        "activities/<int:pk>/come-with-me/",
        participation.companion_ask_create,
        name="companion-ask",
    ),
    path(
        "activities/companions/<int:pk>/answer/",
        participation.companion_ask_answer,
        name="companion-answer",
    ),
    path(
        "activities/companions/<int:pk>/withdraw/",
        participation.companion_ask_withdraw,
        name="companion-withdraw",
    ),
    path(
        "activities/<int:pk>/calendar.ics",
        participation.activity_calendar_file,
        name="activity-calendar",
    ),
]

# --- Organisers and coordinators: list a group, check it, manage it and its activities -----
from activities.views import coordinators, organisers  # noqa: E402

urlpatterns += [
    path("groups/new/", organisers.organisation_create, name="organisation-create"),
    path("groups/mine/", organisers.organisation_list, name="organisation-list"),
    path("groups/<int:pk>/manage/", organisers.organisation_manage, name="organisation-manage"),
    path("groups/<int:pk>/edit/", organisers.organisation_update_view, name="organisation-update"),
    path("groups/<int:pk>/organisers/", organisers.organiser_add_view, name="organiser-add"),
    path(
        "groups/<int:pk>/activities/new/",
        organisers.activity_create_view,
        name="activity-create",
    ),
    path("activities/<int:pk>/manage/", organisers.activity_manage, name="activity-manage"),
    path("activities/<int:pk>/edit/", organisers.activity_update_view, name="activity-update"),
    path("activities/<int:pk>/cancel/", organisers.activity_cancel, name="activity-cancel"),
    path("coordinator/groups/", coordinators.organisation_queue, name="organisation-queue"),
    path(
        "coordinator/groups/<int:pk>/",
        coordinators.organisation_review,
        name="organisation-review",
    ),
]

# --- Local help: coordinators list each town's services; practical guides for everyone ----
from activities.views import local_help  # noqa: E402

urlpatterns += [
    path("coordinator/local-help/", local_help.local_service_list, name="local-service-list"),
    path(
        "coordinator/local-help/new/",
        local_help.local_service_create_view,
        name="local-service-create",
    ),
    path(
        "coordinator/local-help/<int:pk>/edit/",
        local_help.local_service_update_view,
        name="local-service-update",
    ),
    path(
        "coordinator/local-help/<int:pk>/delete/",
        local_help.local_service_delete_view,
        name="local-service-delete",
    ),
    path("guides/", local_help.guide_list, name="guide-list"),
    path("guides/<slug:slug>/", local_help.guide_detail, name="guide-detail"),
]

# --- Feedback: rate a session after it happened -------------------------------------------
from django.urls import re_path  # noqa: E402

from activities.views import ratings  # noqa: E402

urlpatterns += [
    re_path(
        r"^activities/(?P<pk>[0-9]+)/rate/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$",
        ratings.session_rating_create,
        name="session-rate",
    ),
]

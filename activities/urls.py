from django.urls import path  # noqa: F401 - each part of the activities app adds its block

app_name = "activities"

# Organisations and their organisers (apply, verify, manage), activities (create, edit,
# cancel a session), finding and joining (browse, for you, join, waiting list, come with me),
# and the printable town directory. Each block is added by the part that owns it.
urlpatterns: list = []

# --- Finding: browse, for you, one activity's page, the printable town directory ---------
from activities.views import finding  # noqa: E402

urlpatterns += [
    path("activities/", finding.activity_list, name="activity-list"),
    path("activities/<int:pk>/", finding.activity_detail, name="activity-detail"),
]

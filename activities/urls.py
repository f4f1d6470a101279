from django.urls import path  # noqa: F401 - each part of the activities app adds its block

app_name = "activities"

# Organisations and their organisers (apply, verify, manage), activities (create, edit,
# cancel a session), finding and joining (browse, for you, join, waiting list, come with me),
# and the printable town directory. Each block is added by the part that owns it.
urlpatterns: list = []

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from peers.views import home as peers_views

# The admin signs in through allauth, so two-factor login applies there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", peers_views.home, name="home"),
    path("help/", peers_views.help_now, name="help"),
    path("favicon.ico", peers_views.favicon, name="favicon"),
    path("", include("peers.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", peers_views.language_change, name="set_language"),
    path("chat/", include("chat.urls")),
    path("", include("activities.urls")),
    path("", include("dashboard.urls")),
    path("", include("feedback.urls")),
    path("admin/", admin.site.urls),
]

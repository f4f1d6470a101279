from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from peers.models import User


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ("username", "first_name", "is_newcomer", "is_supporter", "is_active")
    list_filter = ("is_newcomer", "is_supporter", "is_active", "groups")
    fieldsets = (*UserAdmin.fieldsets, (_("Roles"), {"fields": ("is_newcomer", "is_supporter")}))

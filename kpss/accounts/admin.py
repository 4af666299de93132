from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kpss.accounts.models import User


@admin.register(User)
class KpssUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .forms import StaffUserChangeForm, StaffUserCreationForm

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, refusing look-alike and mixed-script usernames."""

    form = StaffUserChangeForm
    add_form = StaffUserCreationForm

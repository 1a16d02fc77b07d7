"""The admin's user forms, with the look-alike username rules."""

from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .validators import validate_username


class LookalikeSafeUsernameMixin:
    """Run ``validate_username`` after the model's own username checks."""

    def clean_username(self):
        username = (
            super().clean_username()
            if hasattr(super(), "clean_username")
            else self.cleaned_data.get("username")
        )
        if username:
            validate_username(username, exclude_pk=self.instance.pk)
        return username


class StaffUserCreationForm(LookalikeSafeUsernameMixin, AdminUserCreationForm):
    pass


class StaffUserChangeForm(LookalikeSafeUsernameMixin, UserChangeForm):
    pass

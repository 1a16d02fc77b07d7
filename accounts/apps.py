from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: username rules, the user admin, the login lockout page."""

    name = "accounts"
    verbose_name = "Accounts"

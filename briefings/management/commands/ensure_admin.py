"""Create an administrator account if the site has none."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create a superuser if none exists, with a generated password printed once "
        "(or the one in DJANGO_ADMIN_PASSWORD). Does nothing when a superuser exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="admin", help="Name of the account to create (default: admin)."
        )

    def handle(self, *args, username="admin", verbosity=1, **options):
        User = get_user_model()
        with transaction.atomic():
            if User.objects.filter(is_superuser=True).exists():
                if verbosity:
                    self.stdout.write("An admin account already exists; nothing to do.")
                return
            if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
                self.stderr.write(
                    f"A user named {username!r} exists but is not a superuser; "
                    "choose another name with --username."
                )
                return
            given = os.environ.get("DJANGO_ADMIN_PASSWORD", "")
            password = given or secrets.token_urlsafe(18)
            try:
                # create_superuser() skips the password validators; a chosen password must pass.
                validate_password(password, user=User(**{User.USERNAME_FIELD: username}))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_ADMIN_PASSWORD is not acceptable: " + " ".join(error.messages)
                ) from error
            User.objects.create_superuser(username=username, email="", password=password)
        if given:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Admin account created: user {username}, password from DJANGO_ADMIN_PASSWORD."
                )
            )
        else:
            # Printed even at verbosity 0: this is the only way to learn the password.
            self.stdout.write(
                self.style.SUCCESS(
                    f"Admin account created: user {username}, password {password}"
                    " — shown only once, note it now."
                )
            )

"""The editorial roles see jobs (the imports and checks they started, and everyone's)."""

from django.db import migrations

ROLES = ("Authors", "Reviewers", "Publishers")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need this one now.
    app_config = apps.get_app_config("jobs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_job = Permission.objects.get(content_type__app_label="jobs", codename="view_job")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(view_job)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="jobs"):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_job_records_and_uploads"),
        ("briefings", "0008_editorial_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

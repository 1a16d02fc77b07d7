"""The three editorial roles as groups, with their permissions (frozen here on purpose)."""

from django.db import migrations

# (app_label, codename) for each role; each role also holds the one before it.
AUTHORS = [
    *(("sources", f"{verb}_{model}") for verb in ("add", "change", "view")
      for model in ("source", "sourcereference")),
    ("sources", "view_sourceversion"),
    ("sources", "view_sourceoverlap"),
    *(("briefings", f"{verb}_{model}") for verb in ("add", "change", "view")
      for model in ("claim", "citation", "briefing", "section", "sectionclaim")),
    # Removing a citation or a claim from a section is part of writing.
    ("briefings", "delete_citation"),
    ("briefings", "delete_sectionclaim"),
    ("briefings", "delete_section"),
    ("sources", "add_topic"),
    ("sources", "view_topic"),
]
REVIEWERS = AUTHORS + [
    ("admin", "view_logentry"),
    ("briefings", "verify_claim"),
    ("briefings", "review_briefing"),
    ("briefings", "delete_claim"),
    ("sources", "change_topic"),
]
PUBLISHERS = REVIEWERS + [
    ("briefings", "publish_briefing"),
    ("briefings", "delete_briefing"),
    ("sources", "delete_source"),
    ("sources", "delete_sourcereference"),
    ("sources", "delete_topic"),
]
ROLES = {"Authors": AUTHORS, "Reviewers": REVIEWERS, "Publishers": PUBLISHERS}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0007_workflow_permissions_and_review"),
        ("sources", "0007_repair_topic_slugs"),
        ("taggit", "__latest__"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

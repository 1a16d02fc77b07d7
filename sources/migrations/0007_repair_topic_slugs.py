"""Give every existing topic whose slug is empty or not ASCII a readable, unique one."""

from django.db import migrations

from sources.text import is_url_slug, topic_slug


def repair_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    max_length = Tag._meta.get_field("slug").max_length
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        if is_url_slug(tag.slug):
            continue
        slug, suffix = topic_slug(tag.name, max_length=max_length), 0
        while slug in taken:
            suffix += 1
            slug = topic_slug(tag.name, suffix, max_length=max_length)
        taken.add(slug)
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0006_topic_slugs_never_empty"),
    ]

    operations = [
        migrations.RunPython(repair_slugs, migrations.RunPython.noop, elidable=True),
    ]

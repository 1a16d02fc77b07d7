from django.apps import AppConfig


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        # The queue's own rows (django-tasks' database backend) are plumbing: Job rows say
        # what editors need, with permissions. Unregistered after admin.autodiscover().
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)

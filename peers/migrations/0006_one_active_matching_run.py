import django.utils.timezone
from django.db import migrations, models


def fail_all_but_the_newest_active_run(apps, schema_editor):
    """Before the constraint: older databases may hold several runs left active."""
    matching_run = apps.get_model("peers", "MatchingRun")
    active = matching_run.objects.filter(status__in=["pending", "running"]).order_by("-pk")
    newest = active.first()
    if newest is not None:
        active.exclude(pk=newest.pk).update(
            status="failed", finished_at=django.utils.timezone.now()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("peers", "0005_language_and_notification_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchingrun",
            name="heartbeat_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(fail_all_but_the_newest_active_run, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="matchingrun",
            constraint=models.UniqueConstraint(
                models.Value(True),
                condition=models.Q(("status__in", ["pending", "running"])),
                name="one_active_matching_run",
            ),
        ),
    ]

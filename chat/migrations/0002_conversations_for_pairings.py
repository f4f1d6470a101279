"""Pairings made before chat existed get their conversation (read-only once ended)."""

from django.db import migrations


def open_conversations(apps, schema_editor):
    Pairing = apps.get_model("peers", "Pairing")
    Conversation = apps.get_model("chat", "Conversation")
    Member = apps.get_model("chat", "Member")
    for pairing in Pairing.objects.filter(conversation__isnull=True).iterator():
        status = "open" if pairing.status == "active" else "read_only"
        conversation = Conversation.objects.create(kind="pairing", pairing=pairing, status=status)
        Member.objects.bulk_create(
            [
                Member(conversation=conversation, user_id=pairing.newcomer_id),
                Member(conversation=conversation, user_id=pairing.supporter_id),
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("chat", "0001_initial"), ("peers", "0005_language_and_notification_links")]

    operations = [migrations.RunPython(open_conversations, migrations.RunPython.noop)]

from datetime import date

from celery import shared_task


@shared_task
def activity_reminders_queue() -> int:
    """Beat, hourly in the day: queues tomorrow's session reminders not yet sent."""
    from activities.services.reminders import reminders_queue

    return reminders_queue()


@shared_task
def activity_reminder_send(participation_id: int, session_date: str) -> bool:
    """Sends one person's reminder for one session day (once, however often it runs)."""
    from activities.services.reminders import reminder_send

    return reminder_send(
        participation_id=participation_id, session_date=date.fromisoformat(session_date)
    )

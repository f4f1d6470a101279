"""Coordinators' case queue. Reading a conversation happens only here, through an open case,
and every opening is recorded."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chat.forms import CaseNoteForm, ReplyForm, SuspendForm, WarnForm
from chat.models import Case, Member
from chat.selectors import case_get, cases_for_coordinator, member_names
from chat.services import (
    ChatError,
    case_acknowledge,
    case_close,
    case_messages_open,
    message_hide,
    person_suspend,
    person_warn,
    team_reply,
)
from chat.services.moderation import MAX_SUSPENSION_DAYS
from feedback.selectors import FEEDBACK_QUEUE_PAGE, feedback_open_for_coordinators
from peers.permissions import role_required
from peers.roles import Role

QUEUE_LIMIT = 200
# Actions that cannot be undone from here ask first (a plain page, no JavaScript needed).
CONFIRM_FIRST = {"hide", "suspend", "close"}


@role_required(Role.COORDINATOR)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = list(cases_for_coordinator()[:QUEUE_LIMIT])
    # Feedback and complaints wait in the same queue, in a section of their own: the most
    # urgent here, the rest on the feedback queue's next pages.
    feedback_entries = list(
        feedback_open_for_coordinators(coordinator=request.user)[:FEEDBACK_QUEUE_PAGE]
    )
    return render(
        request, "chat/case_list.html", {"cases": cases, "feedback_entries": feedback_entries}
    )


def _case_or_404(pk: int) -> Case:
    case = case_get(pk=pk)
    if case is None:
        raise Http404
    return case


@role_required(Role.COORDINATOR)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(pk)
    # No conversation: it was deleted with the person's account; the case itself stays.
    conversation = case.conversation
    opened = case.is_open and conversation is not None
    window = case_messages_open(case=case, coordinator=request.user) if opened else []
    names = member_names(conversation=conversation) if conversation else {}
    members = list(
        Member.objects.filter(conversation=conversation).select_related("user__profile")
        if conversation
        else []
    )
    return render(
        request,
        "chat/case_detail.html",
        {
            "case": case,
            "events": list(case.events.select_related("actor")),
            "window": [
                (m, names[None] if m.from_team else names.get(m.sender_id, "?")) for m in window
            ],
            "members": members,
            "note_form": CaseNoteForm(),
            "warn_form": WarnForm(),
            "suspend_form": SuspendForm(),
            "reply_form": ReplyForm() if conversation and conversation.kind == "team" else None,
        },
    )


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except (ValidationError, ChatError) as error:
        text = error.detail if isinstance(error, ChatError) else " ".join(error.messages)
        messages.error(request, text)
    else:
        messages.success(request, success)


@role_required(Role.COORDINATOR)
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case_or_404(pk)
    user = request.user
    if action in CONFIRM_FIRST and request.POST.get("confirmed") != "yes":
        carried = [
            (name, value)
            for name, value in request.POST.items()
            if name not in {"csrfmiddlewaretoken", "confirmed"}
        ]
        return render(
            request, "chat/case_confirm.html", {"case": case, "action": action, "carried": carried}
        )
    if action == "acknowledge":
        _run(request, lambda: case_acknowledge(case=case, coordinator=user), _("Acknowledged."))
    elif action == "hide":
        raw = request.POST.get("message", "")
        message_id = int(raw) if raw.isdigit() else 0
        _run(
            request,
            lambda: message_hide(case=case, coordinator=user, message_id=message_id),
            _("The message is hidden for everyone in the conversation."),
        )
    elif action == "warn":
        form = WarnForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _run(
                request,
                lambda: person_warn(
                    case=case, coordinator=user, user_id=data["person"], note=data["note"]
                ),
                _("The warning has been sent."),
            )
        else:
            messages.error(request, _("Please write what the person will read."))
    elif action == "suspend":
        form = SuspendForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _run(
                request,
                lambda: person_suspend(
                    case=case,
                    coordinator=user,
                    user_id=data["person"],
                    days=data["days"],
                    reason=data["reason"],
                ),
                _("Suspended. Their chat has closed and they cannot write until it ends."),
            )
        else:
            messages.error(
                request,
                _("Please choose between 1 and %(days)s days.") % {"days": MAX_SUSPENSION_DAYS},
            )
    elif action == "reply":
        form = ReplyForm(request.POST)
        if case.conversation_id is None:
            messages.error(
                request, _("This person has deleted their account: there is no one to answer.")
            )
        elif form.is_valid():
            body = form.cleaned_data["body"]
            _run(
                request,
                lambda: team_reply(case=case, coordinator=user, body=body),
                _("Sent as the Common Ground team."),
            )
        else:
            messages.error(request, _("Please write a reply first."))
    elif action == "close":
        form = CaseNoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        _run(request, lambda: case_close(case=case, coordinator=user, note=note), _("Closed."))
        return redirect("chat:case-list")
    else:
        raise Http404
    return redirect("chat:case", pk=case.pk)

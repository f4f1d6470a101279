"""A person's conversations: history, the plain form (no JavaScript needed), catching up after
a reconnect, reports, blocks and the line to the team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chat.crisis import crisis_note, crisis_resources
from chat.forms import MessageForm, ReportForm
from chat.models import Conversation, Message
from chat.selectors import (
    conversation_for_member,
    conversation_heading,
    may_write,
    member_names,
    memberships_for_user,
    message_payload,
    messages_after,
    messages_page,
    suspension_current,
)
from chat.services import (
    ChatError,
    ChatForbidden,
    conversation_mark_read,
    message_post,
    report_create,
    team_conversation_open,
)
from peers.services import notifications_mark_read

CRISIS_SESSION_KEY = "chat_crisis"


def _member_conversation(request: HttpRequest, pk: int) -> Conversation:
    conversation = conversation_for_member(user=request.user, conversation_id=pk)
    if conversation is None:
        raise Http404  # someone else's conversation looks like no conversation at all
    return conversation


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def conversation_list(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_for_user(user=request.user))
    return render(request, "chat/conversation_list.html", {"memberships": memberships})


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _member_conversation(request, pk)
    form = MessageForm(request.POST or None)
    status = 200 if request.method == "GET" or form.is_valid() else 400
    if request.method == "POST" and form.is_valid():
        try:
            posted = message_post(
                user=request.user,
                conversation_id=conversation.pk,
                body=form.cleaned_data["body"],
                client_id=form.cleaned_data["client_id"] or None,
            )
        except ChatError as error:
            form.add_error("body", error.detail)
            status = 400
        except ChatForbidden:
            raise PermissionDenied from None
        else:
            anchor = "#end"
            if posted.assessment.is_risk:
                request.session[CRISIS_SESSION_KEY] = conversation.pk
                anchor = "#crisis-help"  # help first, before anything else on the page
            return redirect(reverse("chat:conversation", args=[conversation.pk]) + anchor)
    before = _int_or_none(request.GET.get("before"))
    page = messages_page(conversation=conversation, before=before)
    if before is None and page.messages:
        conversation_mark_read(
            user=request.user, conversation_id=conversation.pk, up_to=page.messages[-1].pk
        )
        notifications_mark_read(user=request.user, link=request.path)
    names = member_names(conversation=conversation)
    show_crisis = request.session.pop(CRISIS_SESSION_KEY, None) == conversation.pk
    suspension = suspension_current(user=request.user)
    writable = may_write(user=request.user, conversation=conversation)
    context = {
        "conversation": conversation,
        "page": page,
        "names": names,
        "items": [(message, _sender_name(message, names)) for message in page.messages],
        "last_id": page.messages[-1].pk if page.messages else 0,
        "form": form if request.method == "POST" else MessageForm(),
        "heading": conversation_heading(conversation=conversation, viewer=request.user),
        "suspension": suspension,
        "writable": writable,
        # Live updates only on the newest page of a conversation they can write in.
        "live": writable and before is None,
        "show_crisis": show_crisis,
        "crisis_resources": crisis_resources(),
        "crisis_note": crisis_note(),
    }
    return render(request, "chat/conversation_detail.html", context, status=status)


def _sender_name(message: Message, names: dict) -> str:
    return names[None] if message.from_team else names.get(message.sender_id, _("Someone"))


@login_required
@require_GET
def messages_since(request: HttpRequest, pk: int) -> JsonResponse:
    """What the live page missed while its socket was away (JSON, for the small script)."""
    conversation = _member_conversation(request, pk)
    after = _int_or_none(request.GET.get("after")) or 0
    names = member_names(conversation=conversation)
    return JsonResponse(
        {
            "messages": [
                message_payload(message, names)
                for message in messages_after(conversation=conversation, after=after)
            ]
        }
    )


@login_required
def team_conversation(request: HttpRequest) -> HttpResponse:
    """Opens (or finds) the person's private conversation with the team."""
    conversation = team_conversation_open(person=request.user)
    return redirect("chat:conversation", pk=conversation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def message_report(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    conversation = _member_conversation(request, pk)
    message = Message.objects.filter(pk=message_id, conversation=conversation).first()
    if (
        message is None
        or message.sender_id == request.user.pk
        or message.from_team
        or message.is_hidden
        or message.sender_deleted
    ):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_create(
                reporter=request.user,
                message_id=message.pk,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you for telling us. A coordinator will look at it and let you know."),
            )
            return redirect("chat:conversation", pk=conversation.pk)
    names = member_names(conversation=conversation)
    return render(
        request,
        "chat/message_report.html",
        {
            "conversation": conversation,
            "message": message,
            "sender_name": _sender_name(message, names),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )

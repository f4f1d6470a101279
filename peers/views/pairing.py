"""Asking for a supporter, answering offers, ending pairings, and coordinators' matching."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from peers.forms import PairingEndForm, SuggestionPickForm
from peers.models import AuditEvent, MatchingRun, SupportRequest, User
from peers.permissions import role_required
from peers.roles import Role
from peers.selectors.matching import (
    suggestions_for_request,
    waiting_requests_for_coordinator,
    waiting_rows,
)
from peers.selectors.pairing import (
    blocks_made_by,
    matching_runs_for_coordinator,
    offer_for_supporter,
    offer_reasons,
    offers_for_supporter,
    pairing_for_member,
    reason_translator,
    support_status_for_newcomer,
    waiting_reason_texts,
)
from peers.services.audit import audit_record
from peers.services.matching_runs import matching_run_start
from peers.services.pairing import (
    block_lift,
    offer_accept,
    offer_create,
    offer_decline,
    pairing_change_supporter,
    pairing_end,
    person_block,
    support_request_cancel,
    support_request_create,
)


def _done_or_error(request: HttpRequest, action, success: str) -> bool:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


@role_required(Role.NEWCOMER)
def support_status(request: HttpRequest) -> HttpResponse:
    status = support_status_for_newcomer(newcomer=request.user)
    return render(
        request, "peers/support_status.html", {"status": status, "end_form": PairingEndForm()}
    )


@role_required(Role.NEWCOMER)
@require_POST
def support_ask(request: HttpRequest) -> HttpResponse:
    _done_or_error(
        request,
        lambda: support_request_create(newcomer=request.user),
        _("Thank you. We are looking for someone for you."),
    )
    return redirect("peers:support")


@role_required(Role.NEWCOMER)
@require_POST
def support_cancel(request: HttpRequest) -> HttpResponse:
    support_request_cancel(newcomer=request.user)
    messages.success(request, _("Done. You can ask again whenever you like."))
    return redirect("peers:support")


@role_required(Role.SUPPORTER)
def offer_list(request: HttpRequest) -> HttpResponse:
    translator = reason_translator()
    # Before they are matched, a supporter sees only the reasons: name and "about me" are
    # consented for the *matched* supporter.
    offers = [
        {"offer": offer, "reasons": offer_reasons(offer, translator)}
        for offer in offers_for_supporter(supporter=request.user)
    ]
    return render(request, "peers/offer_list.html", {"offers": offers})


@role_required(Role.SUPPORTER)
@require_POST
def offer_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    if answer not in {"accept", "decline"}:
        raise Http404
    offer = offer_for_supporter(supporter=request.user, pk=pk)
    if answer == "accept":
        accepted = []
        if _done_or_error(
            request,
            lambda: accepted.append(offer_accept(offer=offer, supporter=request.user)),
            _("Thank you. You are now matched: say hello when you are ready."),
        ):
            # Straight to the conversation, where saying hello happens.
            return redirect("chat:conversation", pk=accepted[0].conversation.pk)
    else:
        _done_or_error(
            request,
            lambda: offer_decline(offer=offer, supporter=request.user),
            _("That is fine. We will find someone else for them."),
        )
    return redirect("peers:offer-list")


def _back_to_role_page(request: HttpRequest, pairing, *, ended: bool = False) -> HttpResponse:
    """Back to the page of the side the person is on in this pairing (some hold both roles);
    `ended`: the pairing has just ended there, and that page offers the feedback form."""
    page = "peers:support" if pairing.newcomer_id == request.user.pk else "peers:supporter-home"
    response = redirect(page)
    if ended:
        response["Location"] += "?after=pairing-ended"
    return response


PAIRING_ACTIONS = {"end", "change", "block"}
WAITING_PER_PAGE = 25


@role_required(Role.NEWCOMER, Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def pairing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    pairing = pairing_for_member(user=request.user, pk=pk)
    if action not in PAIRING_ACTIONS or (
        action == "change" and pairing.newcomer_id != request.user.pk
    ):
        messages.error(request, _("Sorry, we did not understand that choice. Nothing changed."))
        return _back_to_role_page(request, pairing)
    if request.method == "GET":
        # Ask first, and say what will happen: this page works without JavaScript.
        return render(
            request,
            "peers/pairing_confirm.html",
            {"pairing": pairing, "action": action, "end_form": PairingEndForm()},
        )
    # Whether the pairing ended here (not for "change": the newcomer goes on waiting).
    ended = False
    if action == "end":
        form = PairingEndForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        ended = _done_or_error(
            request,
            lambda: pairing_end(pairing=pairing, by=request.user, reason=reason),
            _("The pairing has ended. Thank you for the time you spent together."),
        )
    elif action == "change":
        _done_or_error(
            request,
            lambda: pairing_change_supporter(pairing=pairing, newcomer=request.user),
            _("Done. We are looking for a different supporter for you."),
        )
    else:
        other_id = (
            pairing.supporter_id if pairing.newcomer_id == request.user.pk else pairing.newcomer_id
        )
        ended = _done_or_error(
            request,
            lambda: person_block(blocker=request.user, blocked=User.objects.get(pk=other_id)),
            _(
                "Blocked. You will not be matched with this person again. If you want to tell "
                "us what happened, write to the Common Ground team from the Chat page."
            ),
        )
    return _back_to_role_page(request, pairing, ended=ended)


@role_required(Role.COORDINATOR)
@require_GET
def matching_overview(request: HttpRequest) -> HttpResponse:
    """The last run's summary and everyone waiting, oldest first, with why (as the last run
    found it): read from stored results, never by rebuilding a run's whole input."""
    runs = list(matching_runs_for_coordinator())
    latest = next((run for run in runs if run.status == MatchingRun.Status.DONE), None)
    page = Paginator(waiting_requests_for_coordinator(), WAITING_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "peers/matching_overview.html",
        {
            "runs": runs,
            "latest": latest,
            "reasons": list(
                zip(
                    waiting_reason_texts(latest.waiting_reasons if latest else []),
                    [item["count"] for item in (latest.waiting_reasons if latest else [])],
                    strict=True,
                )
            ),
            "page": page,
            "waiting": waiting_rows(list(page)),
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def matching_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One waiting person: their languages, town and wait, and the best supporters with room
    for them now, computed on demand; a coordinator picks one of those to suggest by hand."""
    support_request = waiting_requests_for_coordinator().filter(pk=pk).first()
    if support_request is None:
        get_object_or_404(SupportRequest, pk=pk)  # a number that never existed: not found
        messages.info(
            request,
            _(
                "This person is not waiting any more: a supporter has been asked, or they were "
                "matched or stopped asking. Nothing was changed."
            ),
        )
        return redirect("peers:matching")
    # The page shows the person's name, languages and town: each opening is on the record.
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.PRIVATE_READ,
        subject=support_request.newcomer,
        target=f"matching request {support_request.pk}",
    )
    suggestions = suggestions_for_request(request=support_request, translator=reason_translator())
    form = SuggestionPickForm(request.POST or None, suggestions=suggestions)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        supporter = User.objects.filter(pk=chosen.supporter_id).first()
        if supporter is not None and _done_or_error(
            request,
            lambda: offer_create(
                request=support_request,
                supporter=supporter,
                score=chosen.score,
                distance_km=chosen.distance_km,
                remote=chosen.remote,
                reasons=list(chosen.parts),
                proposed_by=request.user,
                note=form.cleaned_data["note"],
            ),
            _("Suggested. The supporter has been told."),
        ):
            return redirect("peers:matching")
    return render(
        request,
        "peers/matching_request.html",
        {"item": waiting_rows([support_request])[0], "suggestions": suggestions, "form": form},
    )


@role_required(Role.COORDINATOR)
@require_POST
def matching_run_now(request: HttpRequest) -> HttpResponse:
    try:
        run = matching_run_start(triggered_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("peers:matching")
    return redirect("peers:matching-run", pk=run.pk)


@role_required(Role.COORDINATOR)
def matching_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(MatchingRun, pk=pk)
    return render(
        request,
        "peers/matching_run.html",
        {
            "run": run,
            "running": run.status in {MatchingRun.Status.PENDING, MatchingRun.Status.RUNNING},
            "reasons": list(
                zip(
                    waiting_reason_texts(run.waiting_reasons),
                    [item["count"] for item in run.waiting_reasons],
                    strict=True,
                )
            ),
        },
    )


@login_required
def block_list(request: HttpRequest) -> HttpResponse:
    """The people this person has blocked, with a way to lift each block."""
    return render(request, "peers/block_list.html", {"blocks": blocks_made_by(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def block_lift_view(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(blocks_made_by(user=request.user), pk=pk)
    if request.method == "GET":
        return render(request, "peers/block_lift.html", {"block": block})
    _done_or_error(
        request,
        lambda: block_lift(blocker=request.user, block_id=block.pk),
        _("The block is lifted. This does not restart the pairing or the conversation."),
    )
    return redirect("peers:block-list")

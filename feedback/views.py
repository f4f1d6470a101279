"""Feedback and complaints: the form (anyone, from every page's footer), following an
anonymous one by reference, a person's own list, the coordinators' pages, and the public
"You said, we did" page. Every page works without JavaScript.

The thanks page (reference and secret) is the POST's own response: no redirect, nothing in
the session and no flash message, since anything kept there would tie the session to it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from feedback.forms import FeedbackForm, FollowForm, PublishedChangeForm, ResolveForm
from feedback.models import Feedback, PublishedChange
from feedback.selectors import (
    FEEDBACK_QUEUE_PAGE,
    feedback_activity_get,
    feedback_by_reference,
    feedback_for_user,
    feedback_get,
    feedback_of_user_get,
    feedback_open_for_coordinators,
    feedback_writer_name,
    published_change_get,
    published_changes_for_coordinators,
    published_changes_public,
)
from feedback.services import (
    FeedbackNotFound,
    feedback_acknowledge,
    feedback_create,
    feedback_follow,
    feedback_follow_allowed,
    feedback_resolve,
    published_change_create,
    published_change_withdraw,
    submission_token_new,
)
from feedback.services.feedback import FOLLOW_LOCK_MINUTES, feedback_link, reference_normalise
from peers.permissions import role_required
from peers.roles import Role
from peers.services import notifications_mark_read

# Pages stay small (60 KB) whatever was written: a long entry is about 4 KB.
PER_PAGE = 10


def _errors_onto(form: Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Giving feedback ------------------------------------------------------------------------


def _initial_from_query(request: HttpRequest) -> dict:
    """Offered after a pairing ends or a session: ?about=support, ?about=activity&activity=4."""
    initial: dict = {"token": submission_token_new()}
    about = request.GET.get("about", "")
    if about in Feedback.About.values:
        initial["about"] = about
    raw = request.GET.get("activity", "")
    if about == Feedback.About.ACTIVITY and raw.isdigit():
        activity = feedback_activity_get(pk=int(raw), user=request.user)
        if activity is not None:
            initial["activity"] = activity.pk
    return initial


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_create_view(request: HttpRequest) -> HttpResponse:
    """GET shows the form (with a fresh one-time token); POST stores it and answers with the
    thanks page itself, reference and secret included, shown this once."""
    visitor = not request.user.is_authenticated
    person = None if visitor else request.user
    if request.method == "POST":
        form = FeedbackForm(request.POST, visitor=visitor)
        if form.is_valid():
            data = form.cleaned_data
            activity = feedback_activity_get(pk=data["activity"], user=person)
            try:
                created = feedback_create(
                    user=person,
                    kind=data["kind"],
                    about=data["about"],
                    score=data["score"],
                    text=data["text"],
                    anonymous=visitor or data.get("anonymous", False),
                    language=getattr(request, "LANGUAGE_CODE", ""),
                    activity=activity,
                    token=data["token"],
                )
            except ValidationError as error:
                _errors_onto(form, error)
            else:
                return render(
                    request,
                    "feedback/feedback_thanks.html",
                    {
                        "feedback": created.feedback,
                        "secret": created.secret,
                        "follow_url": request.build_absolute_uri(feedback_link(created.feedback)),
                    },
                )
        activity_id = form.data.get("activity", "")
    else:
        form = FeedbackForm(initial=_initial_from_query(request), visitor=visitor)
        activity_id = form.initial.get("activity")
    activity = feedback_activity_get(
        pk=int(activity_id) if str(activity_id or "").isdigit() else None, user=person
    )
    return render(
        request,
        "feedback/feedback_form.html",
        {"form": form, "visitor": visitor, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


# --- Following it ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_follow_view(request: HttpRequest) -> HttpResponse:
    """Reference + secret → status and our answer, on this page (nothing kept in the session).
    One message for a wrong reference or a wrong secret; tries are rate-limited."""
    form = FollowForm(request.POST or None)
    found = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            reference = form.cleaned_data["reference"]
            if not feedback_follow_allowed(request=request):
                status = 429
                form.add_error(
                    None,
                    _("Too many tries. Please wait %(minutes)s minutes and try again.")
                    % {"minutes": FOLLOW_LOCK_MINUTES},
                )
            else:
                try:
                    found = feedback_follow(reference=reference, secret=form.cleaned_data["secret"])
                except FeedbackNotFound:
                    form.add_error(
                        None,
                        _(
                            "We could not find anything with that reference and secret. "
                            "Please check both and try again."
                        ),
                    )
                else:
                    status = 200
                    form = FollowForm()
    return render(
        request, "feedback/feedback_follow.html", {"form": form, "found": found}, status=status
    )


@login_required
def feedback_mine(request: HttpRequest) -> HttpResponse:
    """What this person sent with their name, with its status and our answer."""
    page = Paginator(feedback_for_user(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "feedback/feedback_mine.html", {"page": page})


@login_required
def feedback_mine_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One of the person's own entries (where the notice of our answer leads)."""
    feedback = feedback_of_user_get(user=request.user, reference=reference)
    if feedback is None:
        raise Http404
    # Opening what a notice is about answers the notice.
    notifications_mark_read(user=request.user, link=request.path)
    return render(request, "feedback/feedback_mine_detail.html", {"entry": feedback})


# --- Coordinators ---------------------------------------------------------------------------


def _feedback_or_404(request: HttpRequest, pk: int) -> Feedback:
    """The entry, or 404 when there is none or it is not this coordinator's to read."""
    feedback = feedback_get(pk=pk, coordinator=request.user)
    if feedback is None:
        raise Http404
    return feedback


@role_required(Role.COORDINATOR)
def feedback_queue(request: HttpRequest) -> HttpResponse:
    """Every open entry, complaints first then oldest, a page at a time (the case queue shows
    only the most urgent); and an entry found by the reference a person quotes, answered or
    not."""
    searched = request.GET.get("reference", "").strip()
    not_found = False
    if searched:
        found = feedback_by_reference(
            reference=reference_normalise(searched), coordinator=request.user
        )
        if found is not None:
            return redirect("feedback:feedback-detail", pk=found.pk)
        not_found = True
    page = Paginator(
        feedback_open_for_coordinators(coordinator=request.user), FEEDBACK_QUEUE_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/feedback_queue_page.html",
        {"page": page, "searched": searched, "not_found": not_found},
    )


def _detail(request: HttpRequest, feedback: Feedback, form: ResolveForm, status: int = 200):
    return render(
        request,
        "feedback/feedback_detail.html",
        {
            "feedback": feedback,
            "writer_name": feedback_writer_name(feedback=feedback),
            "form": form,
        },
        status=status,
    )


@role_required(Role.COORDINATOR)
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry: what was said, by whom only when named, where it stands, and the answer."""
    return _detail(request, _feedback_or_404(request, pk), ResolveForm())


@role_required(Role.COORDINATOR)
@require_POST
def feedback_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _feedback_or_404(request, pk)
    try:
        feedback_acknowledge(feedback=feedback, coordinator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Acknowledged."))
    return redirect("feedback:feedback-detail", pk=feedback.pk)


@role_required(Role.COORDINATOR)
@require_POST
def feedback_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Answer and close": the answer first, then a page that asks before it is sent."""
    feedback = _feedback_or_404(request, pk)
    form = ResolveForm(request.POST)
    if not feedback.is_open:
        messages.error(request, _("This has already been answered."))
        return redirect("feedback:feedback-detail", pk=feedback.pk)
    if not form.is_valid():
        return _detail(request, feedback, form, status=400)
    if request.POST.get("confirmed") == "no":
        return _detail(request, feedback, form)  # back, with the answer as it was typed
    if request.POST.get("confirmed") != "yes":
        return render(
            request,
            "feedback/feedback_resolve_confirm.html",
            {"feedback": feedback, "response": form.cleaned_data["response"]},
        )
    try:
        feedback_resolve(
            feedback=feedback, coordinator=request.user, response=form.cleaned_data["response"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("feedback:feedback-detail", pk=feedback.pk)
    messages.success(request, _("Answered and closed."))
    return redirect("chat:case-list")


# --- You said, we did -----------------------------------------------------------------------


def published_change_list(request: HttpRequest) -> HttpResponse:
    """The public page: what people told us and what changed. No personal data. Not kept in
    shared caches: a withdrawn entry leaves the page at once, and the page carries the
    visitor's own CSRF token (the footer's language form)."""
    page = Paginator(published_changes_public(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "feedback/published_change_list.html", {"page": page})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def published_change_manage(request: HttpRequest) -> HttpResponse:
    """Coordinators publish a new entry and see every entry, withdrawn ones too."""
    form = PublishedChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            published_change_create(
                coordinator=request.user,
                you_said=form.cleaned_data["you_said"],
                we_did=form.cleaned_data["we_did"],
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Published on the “You said, we did” page."))
            return redirect("feedback:published-change-manage")
    page = Paginator(published_changes_for_coordinators(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "feedback/published_change_manage.html",
        {"form": form, "page": page},
        status=400 if request.method == "POST" else 200,
    )


def _change_or_404(pk: int) -> PublishedChange:
    change = published_change_get(pk=pk)
    if change is None:
        raise Http404
    return change


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def published_change_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks first; POST takes the entry off the public page."""
    change = _change_or_404(pk)
    if request.method == "GET" and change.withdrawn_at is not None:
        messages.error(request, _("This has already been withdrawn."))
        return redirect("feedback:published-change-manage")
    if request.method == "GET":
        return render(request, "feedback/published_change_withdraw.html", {"change": change})
    try:
        published_change_withdraw(change=change, coordinator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Withdrawn: it is no longer on the public page."))
    return redirect("feedback:published-change-manage")

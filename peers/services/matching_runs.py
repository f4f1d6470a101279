"""Matching runs: build the matcher's input, solve exactly, turn pairs into offers."""

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.jobs import enqueue_after_commit
from peers import matching
from peers.matching.waiting import Reason
from peers.models import MatchingRun, SupportRequest, User
from peers.selectors.matching import matching_data_build
from peers.services.offers import OfferDraft, chunked, offers_create

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=30)


class RunAbandoned(Exception):
    """This run was declared stale (its heartbeat stopped) and another may have started."""


def matching_run_start(*, triggered_by: User | None = None) -> MatchingRun:
    """Queues a matching run and hands it to a Celery worker. One at a time: the database
    refuses a second active run (a unique index), whoever asks. A run whose heartbeat stopped
    STALE_AFTER ago (its worker died) is given up first; a slow run that still beats is not."""
    now = timezone.now()
    MatchingRun.objects.filter(
        status__in=MatchingRun.ACTIVE, heartbeat_at__lt=now - STALE_AFTER
    ).update(status=MatchingRun.Status.FAILED, finished_at=now)
    try:
        with transaction.atomic():
            run = MatchingRun.objects.create(triggered_by=triggered_by, heartbeat_at=now)
            enqueue_after_commit("peers.tasks.matching_run_task", run.pk)
    except IntegrityError:
        raise ValidationError(_("A matching run is already going on.")) from None
    return run


def support_requests_reason_set(*, reasons: dict[int, Reason], incomplete: list[int]) -> None:
    """Stores on each request still waiting why, as the run found it, for the coordinators'
    waiting list: one UPDATE per distinct reason (a few dozen), not one per person."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for request_id, (key, params) in reasons.items():
        groups[(key, params)].append(request_id)
    groups[("profile_incomplete", ())].extend(incomplete)
    for (key, params), ids in groups.items():
        for chunk in chunked(ids):
            SupportRequest.objects.filter(
                pk__in=chunk, status=SupportRequest.Status.WAITING
            ).update(waiting_reason={"key": key, "params": dict(params)})


def _progress(run: MatchingRun, progress: int, **fields) -> None:
    """Saves progress and beats the heart; a run given up meanwhile stops here."""
    fields["progress"] = progress
    beat = MatchingRun.objects.filter(pk=run.pk, status__in=MatchingRun.ACTIVE).update(
        heartbeat_at=timezone.now(), **fields
    )
    if not beat:
        raise RunAbandoned(f"matching run {run.pk} was given up as stale")


def matching_run_execute(
    *, run: MatchingRun, observe: Callable[[str], None] | None = None
) -> MatchingRun:
    """Runs the matcher over everyone waiting and offers each chosen pair to its supporter.
    Progress is saved as it goes, for the coordinator's progress bar. `observe` is told when
    each phase starts ("read", "solve", "write", "report", "done"), for the benchmark."""
    observe = observe or (lambda phase: None)
    started = time.perf_counter()
    try:
        _progress(run, 5, status=MatchingRun.Status.RUNNING)
        observe("read")
        data = matching_data_build()
        _progress(
            run, 30, newcomers=len(data.input.newcomers), supporters=len(data.input.supporters)
        )
        observe("solve")
        result = matching.match(data.input, weights=matching.Weights(**settings.MATCHING_WEIGHTS))
        _progress(run, 70, objective=result.objective)
        observe("write")
        drafts = [
            OfferDraft(
                request_id=data.requests[pair.newcomer],
                supporter_id=int(pair.supporter),
                score=pair.score,
                distance_km=None if pair.remote else pair.distance_km,
                remote=pair.remote,
                reasons=[reason.as_json() for reason in pair.parts],
            )
            for pair in result.pairs
        ]
        # One transaction, a fixed number of queries; a pair whose supporter or request
        # changed (or vanished) while we solved is skipped, never failing the run.
        made = len(offers_create(drafts=drafts, run=run, whole_queue=True).offers)
        _progress(run, 85)
        observe("report")
        unmatched = list(result.unmatched)
        reasons = matching.waiting_reasons(data.input, unmatched)
        summary = matching.waiting_summary(data.input, unmatched, data.towns, reasons)
        if data.incomplete:
            summary.append(
                {"key": "profile_incomplete", "params": {}, "count": len(data.incomplete)}
            )
        support_requests_reason_set(
            reasons={data.requests[key]: reason for key, reason in reasons.items()},
            incomplete=data.incomplete,
        )
        _progress(
            run,
            100,
            status=MatchingRun.Status.DONE,
            offers_made=made,
            waiting_reasons=summary,
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
        )
        observe("done")
    except RunAbandoned:
        logger.warning("Matching run %s stopped: it had been given up as stale", run.pk)
        run.refresh_from_db()
        return run
    except Exception:
        logger.exception("Matching run %s failed", run.pk)
        MatchingRun.objects.filter(pk=run.pk).update(
            status=MatchingRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run

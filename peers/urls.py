from django.urls import path

from peers.views import audit, home, moving, notifications, pairing, profiles, recovery, supporters

app_name = "peers"

urlpatterns = [
    path("me/", home.dashboard, name="dashboard"),
    path("me/roles/add/", home.role_add, name="role-add"),
    path("newcomer/", home.newcomer_home, name="newcomer-home"),
    path("supporter/", home.supporter_home, name="supporter-home"),
    path("supporter/status/", supporters.supporter_status_change, name="supporter-status"),
    path("coordinator/", home.coordinator_home, name="coordinator-home"),
    path("coordinator/supporters/", supporters.supporter_queue, name="supporter-queue"),
    path("coordinator/supporters/<int:pk>/", supporters.supporter_review, name="supporter-review"),
    path("profile/", profiles.profile_overview, name="profile"),
    path("profile/about/", profiles.profile_about, name="profile-about"),
    path("profile/place/", profiles.profile_place, name="profile-place"),
    path("profile/languages/", profiles.profile_languages, name="profile-languages"),
    path("profile/interests/", profiles.profile_interests, name="profile-interests"),
    path("profile/newcomer/", profiles.profile_newcomer, name="profile-newcomer"),
    path("profile/supporter/", profiles.profile_supporter, name="profile-supporter"),
    path("profile/training/", profiles.profile_training, name="profile-training"),
    path("profile/consent/", profiles.consent_change, name="consent-change"),
    path("support/", pairing.support_status, name="support"),
    path("support/ask/", pairing.support_ask, name="support-ask"),
    path("support/cancel/", pairing.support_cancel, name="support-cancel"),
    path("moved/", moving.move, name="move"),
    path("moved/done/", moving.move_done, name="move-done"),
    path("supporter/offers/", pairing.offer_list, name="offer-list"),
    path(
        "supporter/offers/<int:pk>/<str:answer>/",
        pairing.offer_answer,
        name="offer-answer",
    ),
    path("pairings/<int:pk>/<str:action>/", pairing.pairing_action, name="pairing-action"),
    path("blocks/", pairing.block_list, name="block-list"),
    path("blocks/<int:pk>/lift/", pairing.block_lift_view, name="block-lift"),
    path("coordinator/matching/", pairing.matching_overview, name="matching"),
    path("coordinator/matching/run/", pairing.matching_run_now, name="matching-run-now"),
    path("coordinator/matching/<int:pk>/", pairing.matching_run_detail, name="matching-run"),
    path(
        "coordinator/matching/requests/<int:pk>/",
        pairing.matching_request,
        name="matching-request",
    ),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    # Getting back into an account without email: recovery codes, a coordinator's link.
    path("me/recovery-codes/", recovery.recovery_codes, name="recovery-codes"),
    path("account/recover/", recovery.password_recover, name="password-recover"),
    path("account/email/remove/", recovery.email_remove, name="email-remove"),
    path("account/reset/<str:token>/", recovery.reset_link_open, name="reset-link-open"),
    path("coordinator/reset-links/", recovery.reset_link_create, name="reset-link-create"),
    path("coordinator/reset-links/new/", recovery.reset_link_created, name="reset-link-created"),
    # Every access to private content and every coordinator action, readable with 2FA only.
    path("coordinator/audit/", audit.audit_log, name="audit-log"),
    path("coordinator/audit.csv", audit.audit_export, name="audit-export"),
]

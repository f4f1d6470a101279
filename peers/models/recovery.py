"""Getting back into an account without an email address: a person's own recovery codes, and
one-time links a coordinator makes after checking who someone is."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecoveryCode(models.Model):
    """One of a person's one-time codes for setting a new password without email.

    Only a keyed hash is stored (`salt$hmac`); the codes themselves are shown once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of {self.user_id}"


class PasswordResetLink(models.Model):
    """A one-time, expiring link to set a new password, made by a coordinator for someone who
    cannot reset by email. The row is also the audit record: who made it, for whom, when, and
    how they checked who the person is. Only a hash of the link's token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_reset_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("how you checked who they are"), max_length=300)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # A newer link for the same person replaces this one.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("password reset link")
        verbose_name_plural = _("password reset links")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="password_reset_link_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"reset link for {self.user_id} by {self.created_by_id} at {self.created_at}"

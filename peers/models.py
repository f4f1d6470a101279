from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Common Ground. A username is enough; email is optional.

    Newcomer and supporter roles are chosen by the person; coordinator rights come from
    membership of the coordinators group; organiser rights will come with an organisation.
    """

    is_newcomer = models.BooleanField(_("newcomer"), default=False)
    is_supporter = models.BooleanField(_("peer supporter"), default=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("person")
        verbose_name_plural = _("people")

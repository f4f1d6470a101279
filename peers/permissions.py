"""The one place role checks live: every protected view uses `role_required`."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from peers.roles import Role
from peers.selectors import user_has_totp, user_roles

View = Callable[..., HttpResponse]


def role_required(*allowed: Role) -> Callable[[View], View]:
    """Visitors go to log in; people without one of the roles get 403; coordinators must have
    a second factor set up before any coordinator page opens."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = user_roles(user=request.user) & set(allowed)
            if not held:
                raise PermissionDenied
            if held == {Role.COORDINATOR} and not user_has_totp(user=request.user):
                messages.warning(
                    request,
                    _(
                        "Coordinators must use two-factor login. Set up an authenticator app "
                        "to open coordinator pages."
                    ),
                )
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

from django.http import HttpRequest

from peers.selectors import user_roles


def roles(request: HttpRequest) -> dict:
    """Lets templates show the right navigation; never a substitute for a view's own check."""
    return {"user_roles": user_roles(user=request.user) if hasattr(request, "user") else ()}

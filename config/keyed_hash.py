"""What we keep of a code a person holds on paper (a recovery code, a feedback secret): a
salted HMAC keyed with SECRET_KEY, never the code itself. A rotated key (kept in
SECRET_KEY_FALLBACKS) does not void codes already handed out."""

import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac


def _digest(value: str, salt: str, *, purpose: str, key: str) -> str:
    return salted_hmac(purpose, f"{salt}:{value}", secret=key, algorithm="sha256").hexdigest()


def keyed_hash(value: str, *, purpose: str) -> str:
    """`salt$digest` of a value, keyed for one purpose ("peers.recovery_code")."""
    salt = secrets.token_hex(8)
    return f"{salt}${_digest(value, salt, purpose=purpose, key=settings.SECRET_KEY)}"


def keyed_hash_matches(value: str, stored: str, *, purpose: str) -> bool:
    """Whether a value is the one `stored` was made from, under the current or an old key."""
    salt, _sep, digest = stored.partition("$")
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    matches = [
        constant_time_compare(_digest(value, salt, purpose=purpose, key=key), digest)
        for key in keys
    ]
    return bool(salt and digest) and any(matches)

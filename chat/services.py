"""Chat services. Conversations arrive with the chat issue."""


def conversation_open_for_pairing(*, pairing) -> None:
    """Opens the pairing's conversation. The chat issue replaces this with the real one; until
    then a pairing has no conversation and nothing else depends on one."""
    return None

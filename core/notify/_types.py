"""What a delivery channel is: the value the ``register_notifiers`` hook returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

INBOX = "inbox"
"""The built-in channel: the message is kept for the recipient to read in the console (a
user's inbox) or on the public status page of the record it is about (a resident without an
account). Delivery on it always succeeds; it needs no notifier."""


@dataclass(frozen=True)
class Notifier:
    """A delivery channel; ``deliver(session, message)`` sends one message or raises.

    ``session`` is scoped to the message's org (use it to read the recipient's phone from the
    register); ``message`` is a :class:`core.notify.models.Notification`. Raising anything
    counts as a failed attempt: the outbox logs it and tries again later with backoff.
    """

    channel: str
    title_zh: str
    title_en: str
    deliver: Callable[..., Awaitable[None]]

"""Notifications, a kernel service: one outbox, delivery with retries, and an in-app inbox.

A plugin never talks to an SMS gateway itself. It writes a message with
``await Outbox(session).enqueue(org, source=..., kind=..., body=..., recipient_person_id=...)``;
the ``core.notify.deliver`` job delivers it through the channel's :class:`Notifier` (channels
come from the ``register_notifiers`` hook), retries with backoff and logs every attempt. The
built-in ``inbox`` channel keeps the message for the console (a user's inbox) and for the
public status page of the record it is about.
"""

from core.notify._types import INBOX, Notifier
from core.notify._queue import deliver_soon
from core.notify.jobs import deliver
from core.notify.services import MAX_ATTEMPTS, Outbox, backoff

__all__ = ["INBOX", "MAX_ATTEMPTS", "Notifier", "Outbox", "backoff", "deliver", "deliver_soon"]

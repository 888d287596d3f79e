"""Thin Slack handlers: module-level functions, one module per kind of request, each
taking the `Services` it uses first; `register` only binds them to the app."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.listeners import actions, commands, files, reviews, shortcuts
from bot.messages import review as layouts
from bot.services import Services


def _bound(listener: Callable[..., Any], services: Services) -> Callable[..., Any]:
    """`listener` with `services` given: Bolt passes the rest by their names (it reads a
    partial's own parameters)."""
    bound = functools.partial(listener, services)
    bound.__name__ = listener.__name__  # type: ignore[attr-defined]  # for Bolt's logs
    return bound


def register(app: App, services: Services) -> None:
    # Bolt runs only the first listener that matches: file shares before other messages.
    app.event({"type": "message", "subtype": "file_share"})(_bound(files.on_file_share, services))
    app.event("file_shared")(files.on_file_shared)
    app.event("message")(files.on_other_message)
    app.command("/redact")(_bound(commands.on_redact, services))
    app.action("redact_post")(_bound(actions.on_post, services))
    app.action("redact_discard")(_bound(actions.on_discard, services))
    app.action(layouts.OPEN_ACTION)(_bound(reviews.on_open, services))
    app.action(layouts.UPDATE_ACTION)(_bound(reviews.on_update, services))
    app.action(layouts.DISCARD_ACTION)(_bound(reviews.on_discard, services))
    app.view(layouts.SHARE_CALLBACK)(_bound(reviews.on_share, services))
    app.message_shortcut(shortcuts.CALLBACK_ID)(_bound(shortcuts.on_redact_message, services))

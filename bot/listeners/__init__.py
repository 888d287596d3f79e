"""Thin Slack handlers, one module per kind of request, each with `register(app, services)`."""

from slack_bolt import App

from bot.listeners import actions, commands, files
from bot.services import Services


def register_listeners(app: App, services: Services) -> None:
    files.register(app, services)  # first: Bolt runs only the first matching listener
    commands.register(app, services)
    actions.register(app, services)

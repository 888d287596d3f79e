from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.http_front import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def test_manifest_is_complete() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert manifest["display_information"]["name"] == "redact-bot"
    assert len(manifest["display_information"]["long_description"]) >= 175  # Slack's minimum
    assert manifest["features"]["bot_user"]["display_name"]
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/redact"
    assert command["description"] and command["usage_hint"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "channels:history",
        "groups:history",
        "im:history",
        "mpim:history",
        "files:read",
        "files:write",
        "chat:write",
        "commands",
        "channels:read",
        "groups:read",
        "im:read",
        "mpim:read",
    }
    (shortcut,) = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "message"
    assert shortcut["callback_id"] == "redact_message"  # what the bot listens for
    assert len(shortcut["name"]) <= 24 and len(shortcut["description"]) <= 150
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "message.channels",
        "message.groups",
        "message.im",
        "message.mpim",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True


def test_the_http_mode_instructions_give_a_working_manifest() -> None:
    """The manifest's own instructions for HTTP mode: uncomment the three URL lines (and turn
    Socket Mode off). Done literally, they must give every request URL at the bot's path."""
    text = MANIFEST.read_text()
    commented = re.compile(r"^(\s*)# ((?:url|request_url): .*)$", re.MULTILINE)
    assert len(commented.findall(text)) == 3
    http = yaml.safe_load(commented.sub(r"\1\2", text))
    expected = "https://YOUR-HOST" + EVENTS_PATH
    assert http["features"]["slash_commands"][0]["url"] == expected
    assert http["settings"]["event_subscriptions"]["request_url"] == expected
    assert http["settings"]["interactivity"]["request_url"] == expected
    socket = yaml.safe_load(text)  # as shipped: Socket Mode, no URL anywhere
    assert "url" not in socket["features"]["slash_commands"][0]
    assert "request_url" not in socket["settings"]["event_subscriptions"]
    assert "request_url" not in socket["settings"]["interactivity"]

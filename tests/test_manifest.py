from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"


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
    }
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "message.channels",
        "message.groups",
        "message.im",
        "message.mpim",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert "/slack/events" in MANIFEST.read_text()  # the HTTP-mode URLs are documented

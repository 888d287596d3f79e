"""Where the bot token may be sent (`bot.clients.file_hosts`), one URL per row."""

from __future__ import annotations

import pytest

from bot.clients.file_hosts import TokenPolicy, describe_host

API = "http://127.0.0.1:8092/api/"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://files.slack.com/files-pri/T1-F1/download/call.mp3", True),
        ("https://FILES.Slack.com./files-pri/T1-F1/call.mp3", True),
        ("https://files-origin.slack.com/files-pri/T1-F1/call.mp3", True),
        ("https://files.slack.com:443/files-pri/T1-F1/call.mp3", True),
        ("https://files.slack-gov.com/files-pri/T1-F1/call.mp3", True),
        ("https://slack-files.com/T1-F1-abc", True),
        ("http://127.0.0.1:8092/files-pri/T1-F1/call.mp3", True),  # SLACK_API_URL's origin
        ("http://files.slack.com/files-pri/T1-F1/call.mp3", False),  # not over https
        ("https://files.slack.com:8443/files-pri/T1-F1/call.mp3", False),
        ("https://files.slack.com.evil.example/files-pri/T1-F1/call.mp3", False),
        ("https://evilslack.com/files-pri/T1-F1/call.mp3", False),
        ("https://a.slack-edge.com/x.mp3", False),  # static assets, never private files
        ("https://files.slack.com@evil.example/call.mp3", False),
        ("https://user:pw@files.slack.com/call.mp3", False),
        ("https://evil.example\\@files.slack.com/call.mp3", False),
        ("https://evil.example/files.slack.com/call.mp3", False),
        ("https://drive.google.com/file/d/abc", False),
        ("http://127.0.0.1:8093/files-pri/T1-F1/call.mp3", False),  # same host, other port
        ("https://127.0.0.1:8092/files-pri/T1-F1/call.mp3", False),  # same port, other scheme
        ("http://localhost:8092/files-pri/T1-F1/call.mp3", False),
        ("ftp://files.slack.com/call.mp3", False),
        ("files.slack.com/call.mp3", False),
        ("", False),
    ],
)
def test_token_policy(url: str, allowed: bool) -> None:
    assert TokenPolicy(API).allows(url) is allowed


def test_default_api_origin_is_slacks_own() -> None:
    policy = TokenPolicy("https://slack.com/api/")
    assert policy.allows("https://slack.com/files-pri/T1-F1/x")
    assert not policy.allows("http://slack.com/files-pri/T1-F1/x")


def test_describe_host_names_host_and_port_only() -> None:
    assert describe_host("https://evil.example/files/Maria%20Lopez.mp3") == "evil.example"
    assert describe_host("http://127.0.0.1:9999/x/secret-name.mp3") == "127.0.0.1:9999"

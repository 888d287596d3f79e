"""Shared files: the bot token goes to Slack's own hosts only, and recordings are recognised
however Slack labels them. Real `redact-bot serve`, real HTTP, the fakes."""

from __future__ import annotations

from tests.conftest import teach_support_call
from tests.fakes.slack import FakeSlack
from tests.support.app_process import BOT_TOKEN
from tests.support.slack_flows import final_status, recording, share


def test_a_download_url_on_another_host_gets_no_token(make_app, slack, assemblyai):
    with FakeSlack(token=BOT_TOKEN) as elsewhere:
        planted = elsewhere.add_file("call.mp3", "audio/mpeg", recording())
        file = slack.add_file("call.mp3", "audio/mpeg", recording())
        # Same host as SLACK_API_URL, another port: another origin, so not Slack's.
        file = slack.set_file_fields(
            file["id"],
            url_private=planted["url_private"],
            url_private_download=planted["url_private_download"],
        )
        app = make_app().start()
        share(app, file, ts="1700002000.000100")
        (status,) = final_status(slack, "1700002000.000100", word="Could not redact")
        assert "cannot read this file" in status["text"]
        assert elsewhere.downloads == []  # not even asked without the token
    assert slack.downloads == []
    assert assemblyai.uploads == []
    logs = app.logs()
    assert f"host=127.0.0.1:{elsewhere.port_number}" in logs
    assert BOT_TOKEN not in logs and "call.mp3" not in logs


def test_an_external_file_is_not_downloaded(make_app, slack, assemblyai):
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    file = slack.set_file_fields(
        file["id"], mode="external", is_external=True, external_url="https://drive.example/x"
    )
    app = make_app().start()
    share(app, file, ts="1700002050.000100")
    (status,) = final_status(slack, "1700002050.000100", word="Could not redact")
    assert "cannot read this file" in status["text"]
    assert slack.downloads == []
    assert "host=drive.example" in app.logs()


def test_a_redirect_off_slacks_hosts_does_not_carry_the_token(make_app, slack, gateway):
    teach_support_call(gateway)
    app = make_app().start()
    # The fake answers 302 to itself under the name "localhost": another origin, which
    # serves the content without a token (like a pre-signed CDN link).
    file = slack.add_file("call.mp3", "audio/mpeg", recording(), redirect_host="localhost")
    share(app, file, ts="1700002100.000100")
    final_status(slack, "1700002100.000100")
    first, second = slack.downloads
    assert first.served == "redirect"
    assert first.headers["authorization"] == f"Bearer {BOT_TOKEN}"
    assert second.headers["host"].startswith("localhost:")
    assert "authorization" not in second.headers

"""SlackIO's uploads against the fake Slack over real HTTP: a file streamed from disk, and
whether an upload is shared (what a restarted job asks before sharing again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.clients.slack import SlackIO
from tests.fakes.slack import FakeSlack
from tests.support.app_process import BOT_TOKEN


@pytest.fixture
def slack_io(slack: FakeSlack) -> SlackIO:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url, retry_handlers=[])
    return SlackIO(client, BOT_TOKEN, api_url=slack.api_url)


def test_a_file_is_uploaded_from_disk_and_shared_once_known(
    slack: FakeSlack, slack_io: SlackIO, tmp_path: Path
) -> None:
    path = tmp_path / "call-redacted.m4a"
    path.write_bytes(bytes(range(256)) * 4096)
    file_id, upload_url = slack_io.start_upload("call-redacted.m4a", path)
    assert slack.calls_to("files.getUploadURLExternal")[0].params["length"] == str(2**20)
    assert slack_io.is_shared(file_id, "C1") is False  # reserved, never completed
    slack_io.send_upload(upload_url, path)
    assert slack.uploaded[file_id] == path.read_bytes()
    assert slack_io.is_shared(file_id, "C1") is False  # its bytes are there, not shared
    slack_io.share_upload(file_id, title="Redacted audio", channel="C1", thread_ts="1.000100")
    assert slack_io.is_shared(file_id, "C1") is True
    assert slack_io.is_shared(file_id, "C2") is False


@pytest.mark.parametrize(
    ("fields", "shared"),
    [
        ({"shares": {"private": {"G1": [{"ts": "1.1"}]}}}, True),
        ({"shares": {"public": {"C9": [{"ts": "1.1"}]}}, "channels": ["C9"]}, False),
        ({"shares": "G1", "groups": "G1"}, False),  # not the shapes Slack sends: not shared
        ({"shares": None, "groups": ["G1"]}, True),
        ({"shares": {"private": ["G1"]}}, False),
    ],
)
def test_shared_is_read_only_from_the_shapes_slack_sends(
    slack: FakeSlack, slack_io: SlackIO, fields: dict, shared: bool
) -> None:
    file = slack.add_file("call-redacted.m4a", "audio/mp4", b"x" * 10)
    slack.set_file_fields(file["id"], **fields)
    assert slack_io.is_shared(file["id"], "G1") is shared

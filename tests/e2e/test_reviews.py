"""Review before sharing, end to end: `redact-bot serve` in HTTP mode, the fake Slack with
its modals, conversations and DMs, the fake AssemblyAI and gateway, over real HTTP."""

from __future__ import annotations

import signal

from cryptography.fernet import Fernet

from tests.conftest import SUPPORT_CALL_SECRETS, teach_support_call
from tests.support import reviews as ui
from tests.support.reviews import DM, SHARE_TO, dm_recording, posts_in
from tests.support.slack_flows import recording, slack_visible


def test_a_dm_recording_is_answered_privately_and_nowhere_else(
    make_app, slack, gateway, assemblyai
):
    teach_support_call(gateway)
    app = make_app().start()
    result = dm_recording(app, slack)
    assert "Speaker B: Hi ######" in result["text"]
    assert set(ui.buttons(result)) == {"review_open", "review_discard"}
    channels = {call.params["channel"] for call in slack.calls if call.method.startswith("chat.")}
    assert channels == {DM}
    assert assemblyai.deleted == []  # kept for the review, until it is shared or discarded


def test_unchecking_an_item_shares_it_in_clear_and_the_rest_redacted(
    make_app, slack, gateway, assemblyai
):
    teach_support_call(gateway)
    slack.add_conversation(SHARE_TO, name="team", member=True)
    app = make_app().start()
    review_id = ui.buttons(dm_recording(app, slack))["review_open"]
    ui.open_review(app, slack, review_id)
    view = ui.review_modal(slack)
    items = ui.options(view)
    assert {"Northwind Telecom", "Maria Lopez", "maria.lopez@bluefin.com"} <= set(items)
    values = ui.state(view, uncheck={items["Northwind Telecom"]}, target=SHARE_TO)
    ui.submit(app, view, values)
    (shared,) = slack.wait_for(lambda: posts_in(slack, SHARE_TO), message="the share")
    assert "Northwind Telecom" in shared["text"] and "<@U1> shared" in shared["text"]
    for secret in ("Maria", "Lopez", "maria.lopez", "555", "Bluefin", "Daniel"):
        assert secret not in shared["text"]
    slack.wait_for(lambda: assemblyai.deleted, message="the transcript deleted once shared")


def test_an_added_phrase_is_redacted_everywhere_it_appears(make_app, slack, gateway):
    teach_support_call(gateway)
    slack.add_conversation(SHARE_TO, name="team", member=True)
    app = make_app().start()
    ui.open_review(app, slack, ui.buttons(dm_recording(app, slack))["review_open"])
    view = ui.review_modal(slack)
    ui.submit(app, view, ui.state(view, phrases="  ADDRESS \n", target=SHARE_TO))
    (shared,) = slack.wait_for(lambda: posts_in(slack, SHARE_TO), message="the share")
    transcript = shared["text"].split("\n", 1)[1]  # below the summary line
    assert "address" not in transcript.lower()  # "email address", "that address"
    assert "Speaker A: Of course, could you confirm the email" in transcript


def test_a_second_submit_of_the_same_view_posts_nothing_new(make_app, slack, gateway):
    teach_support_call(gateway)
    slack.add_conversation(SHARE_TO, name="team", member=True)
    app = make_app().start()
    ui.open_review(app, slack, ui.buttons(dm_recording(app, slack))["review_open"])
    view = ui.review_modal(slack)
    values = ui.state(view, target=SHARE_TO)
    first = ui.submit(app, view, values)
    second = ui.submit(app, view, values)  # Slack's retry, or a double click
    assert first.text == "" and second.text == ""  # both close the modal
    slack.wait_for(lambda: posts_in(slack, SHARE_TO), message="the share")
    slack.wait_for(lambda: "Shared in" in str(posts_in(slack, DM)), message="the owner told")
    assert len(posts_in(slack, SHARE_TO)) == 1


def test_someone_else_cannot_open_the_review(make_app, slack, gateway):
    teach_support_call(gateway)
    app = make_app().start()
    review_id = ui.buttons(dm_recording(app, slack))["review_open"]
    url = ui.open_review(app, slack, review_id, user="U2")
    reply = slack.wait_for(
        lambda: [body for to, body in slack.responses if to == url], message="the refusal"
    )
    assert reply[0]["text"] == ":lock: Only <@U1> can review this."
    assert reply[0]["replace_original"] is False
    assert slack.views() == {}


def test_a_channel_the_bot_is_not_in_is_refused_with_how_to_add_it(make_app, slack, gateway):
    teach_support_call(gateway)
    slack.add_conversation("C3", name="sales", member=False)
    app = make_app().start()
    ui.open_review(app, slack, ui.buttons(dm_recording(app, slack))["review_open"])
    view = ui.review_modal(slack)
    answer = ui.submit(app, view, ui.state(view, target="C3")).json()
    assert answer["response_action"] == "errors"
    assert "/invite @redact-bot" in answer["errors"]["share_to"]
    assert posts_in(slack, "C3") == []


def test_the_choices_survive_a_restart(make_app, slack, gateway):
    teach_support_call(gateway)
    app = make_app().start()
    review_id = ui.buttons(dm_recording(app, slack))["review_open"]
    ui.open_review(app, slack, review_id)
    view = ui.review_modal(slack)
    northwind = ui.options(view)["Northwind Telecom"]
    ui.update_preview(app, view, ui.state(view, uncheck={northwind}))
    assert "Northwind Telecom" not in ui.preview_text(view)
    slack.wait_for(
        lambda: "Northwind Telecom" in ui.preview_text(slack.views()[view["id"]]),
        message="the preview updated",
    )
    app.stop(signal.SIGTERM)
    app.start()
    ui.open_review(app, slack, review_id)

    def reopened():
        filled = [v for v in slack.views().values() if v.get("submit") and v["id"] != view["id"]]
        return filled[0] if filled else None

    fresh = slack.wait_for(reopened, message="the review opened again")
    assert northwind not in ui.kept_initially(fresh)
    assert "Northwind Telecom" in ui.preview_text(fresh)  # shown in clear in the preview


def test_the_shortcut_gives_one_text_review_and_one_private_recording(make_app, slack, gateway):
    teach_support_call(gateway)
    gateway.add_entity("Priya Patel", "PERSON")
    app = make_app().start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    message = {"type": "message", "user": "U7", "ts": "1700006000.000100", "files": [file],
               "text": "Notes: call Priya Patel back on 415-555-0199 about the renewal."}  # fmt: skip
    ui.message_shortcut(app, slack, message, user="U1", channel="C1")
    view = ui.review_modal(slack)
    assert "Priya Patel" in ui.options(view)  # the owner sees the values in the modal only
    preview = ui.preview_text(view)
    assert "Priya" not in preview and "renewal" in preview

    def private_result():
        found = [m for m in posts_in(slack, DM) if "Speaker A:" in (m.get("text") or "")]
        return found or None

    (result,) = slack.wait_for(private_result, message="the recording's result in the DM")
    assert ui.buttons(result).get("review_open")
    assert len(slack.views()) == 1  # one text preview
    assert posts_in(slack, "C1") == []  # nothing in the channel
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in slack_visible(slack)


def test_a_text_review_survives_a_restart_with_a_key(make_app, slack, gateway):
    gateway.add_entity("Priya Patel", "PERSON")
    slack.add_conversation(SHARE_TO, name="team", member=True)
    app = make_app(REVIEW_ENCRYPTION_KEY=Fernet.generate_key().decode()).start()
    message = {"type": "message", "user": "U7", "ts": "1700006100.000100",
               "text": "Priya Patel asked for the renewal quote."}  # fmt: skip
    ui.message_shortcut(app, slack, message)
    view = ui.review_modal(slack)
    app.stop(signal.SIGTERM)
    app.start()
    ui.submit(app, view, ui.state(view, target=SHARE_TO))
    (shared,) = slack.wait_for(lambda: posts_in(slack, SHARE_TO), message="the share")
    assert "Priya" not in shared["text"] and "renewal quote" in shared["text"]
    assert "Priya" not in app.logs()


def test_without_a_key_a_restart_loses_the_text_and_shares_nothing(make_app, slack, gateway):
    slack.add_conversation(SHARE_TO, name="team", member=True)
    app = make_app().start()
    message = {"type": "message", "user": "U7", "ts": "1700006200.000100", "text": "A note."}
    ui.message_shortcut(app, slack, message)
    view = ui.review_modal(slack)
    app.stop(signal.SIGTERM)
    app.start()
    ui.submit(app, view, ui.state(view, target=SHARE_TO))
    slack.wait_for(lambda: "no longer available" in str(posts_in(slack, DM)), message="told why")
    assert posts_in(slack, SHARE_TO) == []

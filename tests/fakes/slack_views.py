"""The fake Slack's modals and conversations: `views.open`, `views.update` and
`conversations.info`, as strict as Slack. A trigger works once and for 3 seconds (when the
test made it with `new_trigger`); a view breaking Block Kit's limits answers
`invalid_arguments`, as Slack does; a stale hash answers `hash_conflict`. Conversations the
test registered with `add_conversation` say whether the bot is in them (and posting where it
is not answers `not_in_channel`); any other channel counts as one the bot is in."""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

TRIGGER_SECONDS = 3.0
MAX_VIEW_BYTES = 250_000


def view_problems(view: dict[str, Any]) -> list[str]:
    """Where a modal breaks Block Kit's limits (empty when it keeps them)."""
    problems = []
    blocks = view.get("blocks") or []
    if len(blocks) > 100:
        problems.append(f"{len(blocks)} blocks (100 at most)")
    for key in ("title", "submit", "close"):
        text = (view.get(key) or {}).get("text", "")
        if len(text) > 24:
            problems.append(f"{key} over 24 characters")
    if len(view.get("private_metadata") or "") > 3000:
        problems.append("private_metadata over 3,000 characters")
    if len(json.dumps(view)) > MAX_VIEW_BYTES:
        problems.append("view over 250 KB")
    for block in blocks:
        text = block.get("text") or {}
        if len(text.get("text") or "") > 3000:
            problems.append("a section over 3,000 characters")
        element = block.get("element") or {}
        options = element.get("options") or []
        if element.get("type") == "checkboxes" and not 1 <= len(options) <= 10:
            problems.append("checkboxes with other than 1 to 10 options")
        for option in options:
            if len(option["text"]["text"]) > 75 or len(option.get("value", "")) > 75:
                problems.append("an option over 75 characters")
    return problems


class ViewsAndConversations:
    """Mixed into FakeSlack (which gives `lock`)."""

    lock: threading.Lock

    def _views_state(self) -> dict[str, Any]:
        state = self.__dict__.setdefault("_views", None)
        if state is None:
            state = {"views": {}, "triggers": {}, "used": set(), "conversations": {}}
            self.__dict__["_views"] = state
        return state

    # ---- set-up and reading by tests ----

    def new_trigger(self) -> str:
        trigger = f"{int(time.time())}.{uuid.uuid4().hex[:10]}"
        with self.lock:
            self._views_state()["triggers"][trigger] = time.monotonic()
        return trigger

    def add_conversation(
        self, channel: str, *, name: str, member: bool, private: bool = False
    ) -> None:
        with self.lock:
            self._views_state()["conversations"][channel] = {
                "id": channel,
                "name": name,
                "is_channel": not private,
                "is_private": private,
                "is_member": member,
                "is_archived": False,
            }

    def bot_may_post(self, channel: str) -> bool:
        with self.lock:
            known = self._views_state()["conversations"].get(channel)
        return known is None or known["is_member"]

    def views(self) -> dict[str, dict[str, Any]]:
        """Every modal opened, by view id, as it stands now."""
        with self.lock:
            return {key: dict(value) for key, value in self._views_state()["views"].items()}

    # ---- the methods ----

    def api_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        trigger = params.get("trigger_id") or ""
        view = _json(params.get("view"))
        with self.lock:
            state = self._views_state()
            issued = state["triggers"].get(trigger)
            if trigger in state["used"]:
                return {"ok": False, "error": "exchanged_trigger_id"}
            if issued is not None and time.monotonic() - issued > TRIGGER_SECONDS:
                return {"ok": False, "error": "expired_trigger_id"}
            state["used"].add(trigger)
        return self._store_view(f"V{uuid.uuid4().hex[:9].upper()}", view)

    def api_views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        view_id = params.get("view_id") or ""
        with self.lock:
            current = self._views_state()["views"].get(view_id)
        if current is None:
            return {"ok": False, "error": "not_found"}
        if params.get("hash") and params["hash"] != current["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        return self._store_view(view_id, _json(params.get("view")))

    def _store_view(self, view_id: str, view: dict[str, Any]) -> dict[str, Any]:
        problems = view_problems(view)
        if problems:
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": problems},
            }
        stored = {**view, "id": view_id, "hash": f"{time.time():.6f}.{uuid.uuid4().hex[:8]}"}
        with self.lock:
            self._views_state()["views"][view_id] = stored
        return {"ok": True, "view": dict(stored)}

    def api_conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel") or ""
        with self.lock:
            known = self._views_state()["conversations"].get(channel)
        if known is None or (known["is_private"] and not known["is_member"]):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": dict(known)}


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value)
    return dict(value or {})

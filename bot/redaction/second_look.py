"""The second look: the redacted sentences, tagged ([PERSON], [PHONE]…), go back to the
model, which names the personal data still visible; it is then established like any
claim (without asking again) and redacted everywhere."""

from __future__ import annotations

import logging

from bot.redaction.asking import Asker
from bot.redaction.draft import Draft
from bot.redaction.matching import Located
from bot.redaction.resolution import resolve
from bot.redaction.types import Pass

log = logging.getLogger(__name__)


def second_look(
    draft: Draft, asker: Asker, located: Located, *, sentences_per_request: int
) -> Located:
    current = draft.redaction(located, "label")
    checked = draft.checked()
    batches = [
        checked[i : i + sentences_per_request]
        for i in range(0, len(checked), sentences_per_request)
    ]
    before = len(draft.ledger.claims)
    asker.each(
        [
            (
                batch,
                Pass.VERIFY,
                [current.slice(draft.sentences[i].start, draft.sentences[i].end) for i in batch],
            )
            for batch in batches
        ]
    )
    added = draft.ledger.claims[before:]
    log.info("second look claims=%d", len(added))
    if not added:
        return located
    return resolve(draft, None, added, max_reasks=0)

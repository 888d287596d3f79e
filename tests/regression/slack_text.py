"""Text as Slack delivers it: mrkdwn markup, escapes, links, mentions."""

from tests.regression import Case

CASES = [
    Case(
        "italic-email",
        "Write to _maria@bluefin.com_ today.",
        masked=("maria@bluefin.com",),
        kept=("today.",),
    ),
    Case(
        "bold-name",
        "*Maria Lopez* approved it.",
        masked=("Maria Lopez",),
        kept=("approved it.",),
        teach=(("Maria Lopez", "PERSON"),),
    ),
    Case(
        "strike-phone",
        "~415-555-0132~ is old, use 415-555-0199.",
        masked=("415-555-0132", "415-555-0199"),
        kept=("is old",),
    ),
    Case(
        "code-email",
        "The address is `maria@bluefin.com` now.",
        masked=("maria@bluefin.com",),
        kept=("now.",),
    ),
    Case(
        "mailto-link",
        "Ping <mailto:maria@bluefin.com|maria@bluefin.com> please.",
        masked=("maria@bluefin.com",),
        kept=("please.",),
    ),
    Case(
        "tel-link",
        "Call <tel:+14155550132|415-555-0132> now.",
        masked=("4155550132", "415-555-0132"),
        kept=("now.",),
    ),
    Case(
        "escaped-ampersand",
        "Maria Lopez of Bluefin &amp; Co called.",
        masked=("Maria Lopez", "Bluefin &amp; Co"),
        kept=("called.",),
        teach=(("Maria Lopez", "PERSON"), ("Bluefin &amp; Co", "ORGANIZATION", "Bluefin & Co")),
    ),
    Case(
        "percent-encoded-email",
        "Link: https://x.io/?u=maria%40bluefin.com ok",
        masked=("maria%40bluefin.com",),
        kept=("ok",),
    ),
    Case(
        "user-mention-kept",
        "<@U024BE7LH> asked about invoice 4821394.",
        kept=("<@U024BE7LH>", "4821394"),
    ),
    Case(
        "quote-block",
        "> Maria Lopez said call 415-555-0132",
        masked=("Maria Lopez", "415-555-0132"),
        teach=(("Maria Lopez", "PERSON"),),
    ),
    Case(
        "bullets",
        "• Maria Lopez\n• maria@bluefin.com\n• 415-555-0132",
        masked=("Maria Lopez", "maria@bluefin.com", "415-555-0132"),
        teach=(("Maria Lopez", "PERSON"),),
    ),
    Case(
        "escaped-angle",
        "Send &lt;maria@bluefin.com&gt; the file.",
        masked=("maria@bluefin.com",),
        kept=("the file.",),
    ),
    Case(
        "channel-link-kept",
        "See <#C024BE7LR|general> for the notes.",
        kept=("<#C024BE7LR|general>", "for the notes."),
    ),
    Case(
        "emoji-around-name",
        ":wave: Maria Lopez :tada: joined.",
        masked=("Maria Lopez",),
        kept=(":wave:", ":tada:", "joined."),
        teach=(("Maria Lopez", "PERSON"),),
    ),
    Case(
        "multiline-notes",
        "Notes:\n- caller: Priya Patel\n- cb: (415) 555-0132\n- ssn 123-45-6789",
        masked=("Priya Patel", "(415) 555-0132", "123-45-6789"),
        kept=("Notes:", "caller:"),
        teach=(("Priya Patel", "PERSON"),),
    ),
]

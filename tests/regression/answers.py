"""Answers shaped the way real models give them: grouped, keyed, normalised, made up,
dropped, unreadable, slow or refused for a while."""

import json

from tests.fakes.gateway import SHAPES, Noise
from tests.regression import Case

PERSON = "PERSON"
TWO = "Maria Lopez called on Monday. Later Tom Reyes wrote to maria.lopez@bluefin.com."
TWO_TAUGHT = (("Maria Lopez", PERSON), ("Tom Reyes", PERSON), ("maria.lopez@bluefin.com", "EMAIL"))
TWO_MASKED = ("Maria Lopez", "Tom Reyes", "maria.lopez@bluefin.com")
TWO_KEPT = ("called on Monday.", "Later", "wrote to")


def shape_case(shape: str) -> Case:
    return Case(
        f"shape-{shape}", TWO, masked=TWO_MASKED, kept=TWO_KEPT, teach=TWO_TAUGHT, shape=shape
    )


def raw_case(name: str, answer: str, **extra) -> Case:
    return Case(
        f"raw-{name}", TWO, masked=TWO_MASKED, kept=TWO_KEPT, raw={"find": (answer,)}, **extra
    )


GROUPED = json.dumps(
    {
        "sentences": [
            {"sentence": 1, "named_entities": [{"text": "Maria Lopez", "type": "PERSON"}]},
            {"sentence": 2, "named_entities": ["Tom Reyes", "maria.lopez@bluefin.com"]},
        ]
    }
)

CASES = [
    *(shape_case(shape) for shape in SHAPES),  # every shape the fake gateway can answer in
    raw_case("per-sentence-groups", GROUPED),
    raw_case(
        "keyed-by-number", '{"1": ["Maria Lopez"], "2": ["Tom Reyes", "maria.lopez@bluefin.com"]}'
    ),
    raw_case(
        "two-objects-in-prose",
        'First: {"named_entities": ["Maria Lopez"]} and also {"named_entities": ["Tom Reyes", "maria.lopez@bluefin.com"]}',
    ),
    raw_case(
        "empty-example-first",
        'If none: {"named_entities": []}. Found: {"named_entities": ["Maria Lopez", "Tom Reyes", "maria.lopez@bluefin.com"]}',
    ),
    raw_case(
        "contradicts-itself",
        '{"contains_pii": false, "named_entities": []}\n{"named_entities": ["Maria Lopez", "Tom Reyes"]}',
    ),
    raw_case(
        "nested-result",
        '{"result": {"named_entities": [{"entity": "Maria Lopez", "label": "PER"}, {"value": "Tom Reyes", "category": "person"}]}}',
    ),
    raw_case(
        "sentence-as-string",
        '{"named_entities": [{"text": "Maria Lopez", "type": "PERSON", "sentence": "[1]"}, {"text": "Tom Reyes", "type": "PERSON", "sentence": "2"}]}',
    ),
    raw_case(
        "sentence-out-of-range",
        '{"named_entities": [{"text": "Maria Lopez", "type": "PERSON", "sentence": 9}, {"text": "Tom Reyes", "sentence": 0}]}',
    ),
    raw_case(
        "values-list-item",
        '{"named_entities": [{"type": "PERSON", "values": ["Maria Lopez", "Tom Reyes"]}]}',
    ),
    raw_case(
        "unknown-type",
        '{"named_entities": [{"text": "Maria Lopez", "type": "customer name"}, {"text": "Tom Reyes", "type": "human"}]}',
    ),
    raw_case("pairs", '[["Maria Lopez", "PERSON"], ["Tom Reyes", "PERSON"]]'),
    Case(
        "normalised-lowercase-answer",
        TWO,
        masked=TWO_MASKED,
        kept=TWO_KEPT,
        teach=(("Maria Lopez", PERSON, "maria lopez"), ("Tom Reyes", PERSON, "TOM REYES")),
    ),
    Case(
        "hallucinated-support-team",
        "Thanks for calling support. How can I help?",
        kept=("Thanks for calling support.", "How can I help?"),
        raw={
            "find": (
                '{"named_entities": [{"text": "Support Team", "type": "ORGANIZATION", "sentence": 1}]}',
            )
        },
    ),
    Case(
        "hallucinated-person",
        "Thanks for calling. How can I help?",
        kept=("Thanks for calling.", "How can I help?"),
        raw={
            "find": (
                '{"named_entities": [{"text": "Jordan Whitfield", "type": "PERSON", "sentence": 1}]}',
            )
        },
    ),
    Case(
        "hallucinated-phone",
        "The outage lasted about 45 minutes.",
        kept=("45 minutes",),
        raw={
            "find": (
                '{"named_entities": [{"text": "+1 202-555-0173", "type": "PHONE", "sentence": 1}]}',
            )
        },
    ),
    Case(
        "noisy-hallucinations",
        TWO,
        masked=TWO_MASKED,
        kept=TWO_KEPT,
        teach=TWO_TAUGHT,
        noise=Noise(hallucinate=1.0, seed=3),
    ),
    Case(
        "dropped-first-time-second-look-finds",
        TWO,
        masked=TWO_MASKED,
        kept=TWO_KEPT,
        teach=TWO_TAUGHT,
        raw={
            "find": (
                '{"named_entities": [{"text": "Maria Lopez", "type": "PERSON", "sentence": 1}]}',
            )
        },
    ),
    Case(
        "stop-words-answered",
        "The plan and the budget for 12 teams were approved.",
        kept=("The plan and the budget", "12 teams"),
        raw={"find": ('{"named_entities": ["the", "and", "12", "for"]}',)},
    ),
    Case(
        "short-number-in-its-sentence",
        "I live at 12 Elm Row. We have 12 seats.",
        masked=("12 Elm Row",),
        kept=("We have 12 seats.",),
        raw={
            "find": (
                '{"named_entities": [{"text": "12 Elm Row", "type": "ADDRESS", "sentence": 1}]}',
            )
        },
    ),
    Case(
        "corrected-spelling",
        "I spoke with Catherine Smith today. Catherine agreed.",
        masked=("Catherine Smith", "Catherine"),
        kept=("I spoke with", "today.", "agreed."),
        teach=(("Catherine Smith", PERSON, "Katherine Smyth"),),
    ),
    Case(
        "title-spelled-out",
        "Dr. Okafor joined. Okafor agreed.",
        masked=("Okafor",),
        kept=("Dr.", "joined.", "agreed."),
        teach=(("Dr. Okafor", PERSON, "Doctor Okafor"),),
    ),
    Case(
        "hyphenated-surname",
        "Maria Lopez-Garcia wrote. lopez-garcia agreed.",
        masked=("Maria Lopez-Garcia", "lopez-garcia"),
        kept=("wrote.", "agreed."),
        teach=(("Maria Lopez-Garcia", PERSON, "Maria Lopez"),),
    ),
    Case(
        "phone-regrouped",
        "Call 415.555.0132 today.",
        masked=("415.555.0132",),
        kept=("today.",),
        teach=(("415.555.0132", "PHONE", "+1 (415) 555-0132"),),
    ),
    Case(
        "card-unspaced-answer",
        "Card 4532 0151 1283 0366 on file.",
        masked=("4532 0151 1283 0366",),
        kept=("on file.",),
        teach=(("4532 0151 1283 0366", "CREDIT_CARD", "4532015112830366"),),
    ),
    Case(
        "email-case-changed",
        "Write to MARIA.LOPEZ@BLUEFIN.COM today.",
        masked=("MARIA.LOPEZ@BLUEFIN.COM",),
        kept=("today.",),
        teach=(("MARIA.LOPEZ@BLUEFIN.COM", "EMAIL", "maria.lopez@bluefin.com"),),
    ),
    Case(
        "lowercase-repeat-missed",
        "Grace Park joined. thanks grace, see you. The grace period ends.",
        masked=("Grace Park", "thanks [grace]"),
        kept=("grace period",),
        teach=(("Grace Park", PERSON),),
    ),
    Case(
        "cut-off-answer-asked-again",
        TWO,
        masked=TWO_MASKED,
        kept=TWO_KEPT,
        teach=TWO_TAUGHT,
        script=("cut",),
    ),
    Case(
        "invalid-once-asked-again",
        TWO,
        masked=TWO_MASKED,
        kept=TWO_KEPT,
        teach=TWO_TAUGHT,
        script=("invalid",),
    ),
    Case(
        "unreadable-sentence-withheld-alone",
        "Maria Lopez called. This one is POISON for the model. Tom Reyes wrote.",
        masked=("Maria Lopez", "Tom Reyes", "POISON"),
        kept=("called.", "wrote."),
        teach=(("Maria Lopez", PERSON), ("Tom Reyes", PERSON)),
        poison="POISON",
        withheld=1,
    ),
    Case(
        "rate-limited-once",
        TWO,
        masked=TWO_MASKED,
        kept=TWO_KEPT,
        teach=TWO_TAUGHT,
        script=("429",),
    ),
    Case(
        "server-error-once",
        TWO,
        masked=TWO_MASKED,
        kept=TWO_KEPT,
        teach=TWO_TAUGHT,
        script=("500",),
    ),
    Case(
        "unpinnable-withholds-its-sentence",
        "Hello there. Talk to Marisol about it. Thanks.",
        masked=("Marisol",),
        kept=("Hello there.", "Thanks."),
        withheld=1,
        raw={
            "find": (
                '{"named_entities": [{"text": "Maria Solis", "type": "PERSON", "sentence": 2}]}',
            ),
            "exact": (
                '{"named_entities": [{"text": "Maria Solis", "type": "PERSON", "sentence": 1}]}',
            ),
        },
    ),
    Case(
        "respelled-name-found-on-asking-again",
        "Hi, this is Shivawn from billing.",
        masked=("Shivawn",),
        kept=("from billing.",),
        teach=(("Shivawn", PERSON, "Siobhan"),),
    ),
    Case(
        "normalised-then-exact",
        "My number is four one five, five five five, oh one three two. Bye.",
        masked=("four one five, five five five, oh one three two",),
        kept=("Bye.",),
        raw={
            "find": (
                '{"named_entities": [{"text": "4155550199", "type": "PHONE", "sentence": 1}]}',
            )
        },
    ),
]

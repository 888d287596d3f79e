"""What only looks like personal data, and everyday words that are also names."""

from tests.regression import Case

PERSON, ORG = "PERSON", "ORGANIZATION"

CASES = [
    Case("ticket-number", "Ticket 4155550132 is open.", kept=("4155550132",)),
    Case("po-number", "PO 4155550132 was approved.", kept=("4155550132",)),
    Case("order-number", "Order number 4155550132 shipped.", kept=("4155550132",)),
    Case("invoice-number", "Invoice #4155550132 is due.", kept=("4155550132",)),
    Case("unix-timestamp", "The job ran at 1700000000 and again later.", kept=("1700000000",)),
    Case("case-number-dashed", "Case 123-4567 is closed.", kept=("123-4567",)),
    Case("version-dotted", "Upgrade to version 10.4.2.1 tonight.", kept=("10.4.2.1",)),
    Case("section-dotted", "See section 10.4.2.1 of the contract.", kept=("10.4.2.1",)),
    Case(
        "money-and-versions",
        "The fee went from $2.75 to $3.50, and v2.1 ships.",
        kept=("$2.75", "$3.50", "v2.1"),
    ),
    Case("firmware", "The router is on firmware 4.2.1 still.", kept=("4.2.1",)),
    Case("order-dashed", "Order 7731-2290 shipped on the 3rd.", kept=("7731-2290", "3rd")),
    Case(
        "durations",
        "It lasted 45 minutes, used 20 GB and saved 15%.",
        kept=("45 minutes", "20 GB", "15%"),
    ),
    Case(
        "years-listed", "In 2019, 2020, 2021 and 2022 we grew.", kept=("2019, 2020, 2021 and 2022",)
    ),
    Case(
        "grace-period",
        "Grace Park joined. The grace period is ten days.",
        masked=("Grace Park",),
        kept=("grace period",),
        teach=(("Grace Park", PERSON),),
    ),
    Case(
        "will-modal",
        "Will Turner called. I will call back, will you?",
        masked=("Will Turner",),
        kept=("I will call back, will you?",),
        teach=(("Will Turner", PERSON),),
    ),
    Case(
        "target-org",
        "Target called about the order. We hit the target this quarter.",
        masked=("[Target] called",),
        kept=("hit the target",),
        teach=(("Target called", ORG, "Target"),),
    ),
    Case(
        "zoom-org",
        "Join the Zoom at noon. Zoom in on the chart, zoom out again.",
        masked=("the [Zoom] at",),
        kept=("in on the chart, zoom out",),
        teach=(("Zoom at", ORG, "Zoom"),),
    ),
    Case(
        "square-org",
        "Square processed it. A square table seats four.",
        masked=("[Square] processed",),
        kept=("A square table",),
        teach=(("Square processed", ORG, "Square"),),
    ),
    Case(
        "minh-do",
        "Minh Do called. What do you do all day? Do it now.",
        masked=("Minh Do",),
        kept=("What do you do all day? Do it now.",),
        teach=(("Minh Do", PERSON),),
    ),
    Case(
        "sandra-oh",
        "Sandra Oh wrote. Oh, I see, oh well.",
        masked=("Sandra Oh",),
        kept=("Oh, I see, oh well.",),
        teach=(("Sandra Oh", PERSON),),
    ),
    Case(
        "chip-name",
        "Chip Jones joined. Can you chip in? Buy a new chip.",
        masked=("Chip Jones",),
        kept=("chip in", "new chip"),
        teach=(("Chip Jones", PERSON),),
    ),
    Case(
        "baker-surname",
        "Tom Baker called. The baker sold bread. told baker hi.",
        masked=("Tom Baker", "told [baker]"),
        kept=("The baker sold bread.",),
        teach=(("Tom Baker", PERSON),),
    ),
    Case(
        "may-name",
        "May Chen called. May I help? You may.",
        masked=("May Chen",),
        kept=("May I help? You may.",),
        teach=(("May Chen", PERSON),),
    ),
    Case(
        "park-verb",
        "Grace Park joined. We park here.",
        masked=("Grace Park",),
        kept=("We park here.",),
        teach=(("Grace Park", PERSON),),
    ),
    Case(
        "three-main-points",
        "The 3 main points are clear, a 2 way street.",
        kept=("3 main points", "2 way street"),
    ),
    Case("dotted-release", "Release 2.0.0.1 is out.", kept=("2.0.0.1",)),
    Case(
        "bank-short-name",
        "First National Bank called. First, the fee.",
        masked=("First National Bank",),
        kept=("First, the fee.",),
        teach=(("First National Bank", ORG),),
    ),
    Case(
        "short-name-org",
        "Bluefin Analytics called. Bluefin said the bluefin tuna is off.",
        masked=("Bluefin Analytics", "[Bluefin] said"),
        kept=("bluefin tuna",),
        teach=(("Bluefin Analytics", ORG),),
    ),
    Case("page-line", "Page 12, paragraph 4, line 7.", kept=("Page 12, paragraph 4, line 7.",)),
    Case("times", "Call me in 15 minutes or at 3:30.", kept=("15 minutes", "3:30")),
]

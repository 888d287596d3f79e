"""Numbers and addresses as people say them and recognisers write them down."""

from tests.regression import Case

PHONE = "PHONE"

CASES = [
    Case(
        "phone-spoken-digits",
        "My number is four one five, five five five, oh one three two. Thanks.",
        masked=("four one five, five five five, oh one three two",),
        kept=("My number is", "Thanks."),
        teach=(("four one five, five five five, oh one three two", PHONE, "415-555-0132"),),
    ),
    Case(
        "phone-commas-model-misses",
        "Call me at 415, 555, 0132 after lunch.",
        masked=("415, 555, 0132",),
        kept=("Call me at", "after lunch."),
    ),
    Case(
        "phone-fillers",
        "Yeah it's 415, uh, 555, um, 0132 okay.",
        masked=("415", "555", "0132"),
        kept=("Yeah it's", "okay."),
    ),
    Case(
        "phone-periods",
        "It's 415. 555. 0132. Got it?",
        masked=("415", "555", "0132"),
        kept=("Got it?",),
    ),
    Case(
        "phone-across-sentences-small-windows",
        "My number is four one five. Five five five. Oh one three two. Bye.",
        masked=("four one five", "Five five five", "Oh one three two"),
        kept=("Bye.",),
        window=1,
    ),
    Case(
        "phone-teens",
        "reach me on four fifteen, five five five, zero one three two please",
        masked=("four fifteen, five five five, zero one three two",),
        kept=("reach me on", "please"),
    ),
    Case(
        "phone-double",
        "call four one five, double five five, oh one three two tonight",
        masked=("four one five, double five five, oh one three two",),
        kept=("tonight",),
    ),
    Case(
        "phone-country-code-spoken",
        "dial one, four one five, five five five, oh one three two now",
        masked=("four one five, five five five, oh one three two",),
        kept=("now",),
    ),
    Case(
        "phone-model-normalises",
        "You can reach me at (415) 555-0132 anytime.",
        masked=("415) 555-0132",),
        kept=("anytime",),
        teach=(("(415) 555-0132", PHONE, "+1 415 555 0132"),),
    ),
    Case(
        "card-fillers",
        "The card is 4532, uh, 0151, 1283, and then 0366 okay.",
        masked=("4532", "0151", "1283", "0366"),
        kept=("The card is", "okay."),
    ),
    Case(
        "card-spoken",
        "card number four five three two, zero one five one, one two eight three, zero three six six",
        masked=("four five three two, zero one five one, one two eight three, zero three six six",),
        kept=("card number",),
    ),
    Case(
        "card-cvv-expiry",
        "My card is 4532 0151 1283 0366, the CVV is 123 and it expires oh four twenty seven.",
        masked=("4532 0151 1283 0366", "123", "oh four twenty seven"),
        kept=("My card is", "the CVV is", "and it expires"),
    ),
    Case(
        "card-expiry-written",
        "Visa 4111 1111 1111 1111 exp 04/27 cvc 321.",
        masked=("4111 1111 1111 1111", "04/27", "321"),
        kept=("Visa",),
    ),
    Case(
        "ssn-spoken",
        "my social is one two three, four five, six seven eight nine ok",
        masked=("one two three, four five, six seven eight nine",),
        kept=("my social is", "ok"),
    ),
    Case("ssn-grouped", "SSN 123, 45, 6789 please.", masked=("123, 45, 6789",), kept=("please.",)),
    Case(
        "email-spoken-assembled",
        "Email me at maria dot lopez at bluefin dot com today.",
        masked=("maria dot lopez at bluefin dot com",),
        kept=("today.",),
        teach=(("maria dot lopez at bluefin dot com", "EMAIL", "maria.lopez@bluefin.com"),),
    ),
    Case(
        "email-spoken-model-misses",
        "it's j dot doe at example dot org by the way",
        masked=("j dot doe at example dot org",),
        kept=("by the way",),
    ),
    Case(
        "email-spelled",
        "spell it m a r i a at gmail dot com thanks",
        masked=("m a r i a at gmail dot com",),
        kept=("spell it", "thanks"),
    ),
    Case(
        "email-underscore-spoken",
        "send it to maria underscore lopez at outlook dot com",
        masked=("maria underscore lopez at outlook dot com",),
        kept=("send it to",),
    ),
    Case(
        "email-name-before-at",
        "my email is maria lopez at gmail so use that",
        masked=("maria lopez at gmail",),
        kept=("so use that",),
    ),
    Case(
        "account-spoken",
        "my account number is one two three four five six seven eight thanks",
        masked=("one two three four five six seven eight",),
        kept=("thanks",),
    ),
    Case(
        "passport-spoken",
        "passport, uh, five four one two three four five six seven, done",
        masked=("five four one two three four five six seven",),
        kept=("done",),
    ),
    Case(
        "dob-spoken",
        "my date of birth is april twelfth nineteen eighty five ok",
        masked=("april twelfth nineteen eighty five",),
        kept=("ok",),
    ),
    Case(
        "address-model-misses",
        "I live at 5578 Oak Lane,\n Boise, ID 83702 these days.",
        masked=("5578 Oak Lane", "Boise, ID 83702"),
        kept=("these days.",),
    ),
    Case(
        "address-street-line",
        "Ship it to 169 Ridge Blvd. please.",
        masked=("169 Ridge Blvd.",),
        kept=("please.",),
    ),
    Case(
        "address-lowercase",
        "we moved to 42 baker street last year",
        masked=("42 baker street",),
        kept=("last year",),
    ),
    Case(
        "address-uk",
        "It's 77 Harbour Road, Leeds LS1 4AP.",
        masked=("77 Harbour Road, Leeds LS1 4AP",),
    ),
    Case(
        "address-model-abbreviates",
        "The office is at 1200 Market Street, San Francisco, CA 94103.",
        masked=("1200 Market Street, San Francisco, CA 94103",),
        kept=("The office is at",),
        teach=(("1200 Market Street", "ADDRESS", "1200 Market St"),),
    ),
]

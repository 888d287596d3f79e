"""How the benchmark measures, in words, for the Markdown report."""

METHOD = """\
- **Calls** (`bench/workload/calls.py`, fixed seed): two-speaker support calls of exactly 50,
  200 and 600 sentences. Every personal-data mention is recorded as ground truth: full names, later
  first names, lower case as speech recognisers write it (`okay maria`, `thanks grace`,
  `grace said…`), possessives (`Maria's`) and `Ms. Lopez` / `Dr. Okafor`; organisations and
  their short names; emails with dots; US phone numbers in five written formats (`415, 555,
  0132` among them) and said digit by digit (`four one five, five five five, oh one three
  two`; one contact's number is introduced that way, and the model answers it written out),
  UK numbers; Luhn-valid card numbers (spaces, dashes, or said with fillers: `4532, uh,
  0151, 1283, and then 0366`); SSNs (dashes or spaces); street addresses, in full and as the
  street line alone. The colleague is always a Grace. Other sentences hold harmless
  look-alikes: `$3.50`, `v2.1`, `4.2.1`, `10.4.2.1`, `Order 7731-2290`, the case number
  `4821394`, ten-digit ticket and PO numbers (`ticket 4155550298`), a Unix timestamp, and
  `grace period` (not counted as the name Grace left readable).
- **The model** is `tests.fakes.gateway`, taught canonical spellings only (full names, full
  organisation names, the first spelling of each number): like a real model, it misses
  first-name repeats, lower case and numbers said again in another format. The same fake and
  the same seeded fault sequence serve every algorithm; each gets the answer shape its prompt
  asks for (strings for the guide, objects for ours). A second run teaches every spelling.
- **The noisy model** is the same fake with `Noise(drop=0.12, lower=0.10, normalise=0.10,
  hallucinate=0.04)`: of the entities it would find, it leaves out 12%, gives 10% in lower
  case and 10% "normalised" (digits regrouped, `+1` added, title case); in 4% of the
  sentences of a find prompt it names one that is not there ("Support Team", "Jordan
  Whitfield", a 202-555 phone number, an example.org e-mail). Draws are seeded by prompt,
  sentence and entity: the same sentence asked the same way gets the same answer (a sentence
  said twice is missed twice), the exact second ask and the second look draw afresh. It
  runs on every call size with the second look off and on, once more with one sentence the
  fake never answers readably (a model refusing one sentence), and on five more calls of
  other seeds (600 sentences, engine API).
- **The guide** (`bench/workload/guide.py`, prompt byte for byte in `bench/guide_prompt.txt`): split
  on `[.!?]+`, one sequential `requests.post` per piece, `str.replace` with `#`, `{}` on
  unreadable JSON, no status check (an error body has no `choices`: the run stops).
- **redact-bot**: the engine API (`GatewayClient`, `GatewayNer`, `Redactor(style="mask")`,
  `RateLimiter(30, 60 s x scale)` when rate-limited) in a worker process, and
  `redact-bot file PATH --json` as a subprocess against `tests.fakes.assemblyai` (clean
  environment, empty working directory, `LLM_GATEWAY_REQUESTS_PER_MINUTE=0`: the fake's 429s
  and X-RateLimit headers pace it; `--allow-partial`, so a partial transcript can be
  measured). `NER_SENTENCES_PER_REQUEST=25`, `NER_CONCURRENCY=4`, `LLM_GATEWAY_MAX_RETRIES=5`
  unless the sweep says otherwise; the second look (`NER_VERIFY`, `Redactor(verify=...)`) on,
  as shipped, except where a table says off; `NER_MAX_REASKS=20`,
  `NER_VERIFY_SENTENCES_PER_REQUEST=100`.
- **Counted**: requests and prompt characters (message contents) as the fake received them,
  retries included, split by prompt (find, exact second ask, second look); leaks as mentions
  still readable in the output (case-insensitive, punctuation and spacing ignored, longest
  first; the literal exact-string count is in the JSON as `left_exact`), and the miss rate
  as leaks over all mentions; withheld sentences and the entities counted as made up from
  the engine (`Redaction`, or the CLI's JSON and log line); peak memory as the process's
  VmHWM (RSS high-water mark) and, in separate traced runs, tracemalloc's peak.
- **Redacted audio** (`bench/runners/audio.py`): `redact-bot file --json --audio-out OUT.m4a` on two
  generated 60-minute recordings, an MP3 (44.1 kHz stereo, 128 kb/s, 58 MB) and a MOV of
  about 550 MB (raw 80x60 pictures, 16 kHz mono PCM), each "heard" by the fake AssemblyAI as
  the 600-sentence call spread over the hour. Time of the audio phase from the bleeper's own
  log line; memory as the command's VmHWM; length from the output's container.
- **Fakes**: the test suite's own fake gateway and AssemblyAI, as they are (they set
  TCP_NODELAY, so a kept-alive connection does not wait ~40 ms for a delayed ACK).
- **Slack surface under load** (`bench/runners/slack_load.py`): a real `redact-bot serve` in HTTP
  mode with default settings, the suite's fake Slack, AssemblyAI and gateway, and requests
  signed as Slack signs them. The gateway is on the wall clock (3 s per answer, 30 requests
  per minute), because Slack's 3-second acknowledgement window is. Acknowledgement times
  are the client's request durations; a post's time is from the click being sent to the
  fake Slack receiving `chat.postMessage`. p99 is the nearest-rank percentile (with fewer
  than 100 values, the largest).
"""

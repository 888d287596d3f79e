"""How the benchmark measures, in words, for the Markdown report."""

METHOD = """\
- **Calls** (`bench/calls.py`, fixed seed): two-speaker support calls of exactly 50, 200 and
  600 sentences. Every personal-data mention is recorded as ground truth: full names, later
  first names, lower case (`okay maria`), possessives (`Maria's`) and `Ms. Lopez` /
  `Dr. Okafor`; organisations and their short names; emails with dots; US phone numbers in
  four formats and UK numbers; Luhn-valid card numbers (spaces or dashes); SSNs (dashes or
  spaces); street addresses. Other sentences hold harmless look-alikes: `$3.50`, `v2.1`,
  `4.2.1`, `Order 7731-2290`, the case number `4821394`.
- **The model** is `tests.fake_gateway`, taught canonical spellings only (full names, full
  organisation names, the first spelling of each number): like a real model, it misses
  first-name repeats, lower case and numbers said again in another format. The same fake and
  the same seeded fault sequence serve every algorithm; each gets the answer shape its prompt
  asks for (strings for the guide, objects for ours). A second run teaches every spelling.
- **The guide** (`bench/guide.py`, prompt byte for byte in `bench/guide_prompt.txt`): split
  on `[.!?]+`, one sequential `requests.post` per piece, `str.replace` with `#`, `{}` on
  unreadable JSON, no status check (an error body has no `choices`: the run stops).
- **redact-bot**: the engine API (`GatewayClient`, `GatewayNer`, `Redactor(style="mask")`,
  `RateLimiter(30, 60 s x scale)` when rate-limited) in a worker process, and
  `redact-bot file PATH --json` as a subprocess against `tests.fake_assemblyai` (clean
  environment, empty working directory, `LLM_GATEWAY_REQUESTS_PER_MINUTE=0`: the fake's 429s
  and X-RateLimit headers pace it). `NER_SENTENCES_PER_REQUEST=25`, `NER_CONCURRENCY=4`,
  `LLM_GATEWAY_MAX_RETRIES=5` unless the sweep says otherwise.
- **Counted**: requests and prompt characters (message contents) as the fake received them,
  retries included; leaks as mentions still readable in the output (case-insensitive,
  punctuation and spacing ignored, longest first; the literal exact-string count is in the
  JSON as `left_exact`); peak memory as the process's VmHWM (RSS high-water mark) and, in
  separate traced runs, tracemalloc's peak.
- **Redacted audio** (`bench/audio.py`): `redact-bot file --json --audio-out OUT.m4a` on two
  generated 60-minute recordings, an MP3 (44.1 kHz stereo, 128 kb/s, 58 MB) and a MOV of
  about 550 MB (raw 80x60 pictures, 16 kHz mono PCM), each "heard" by the fake AssemblyAI as
  the 600-sentence call spread over the hour. Time of the audio phase from the bleeper's own
  log line; memory as the command's VmHWM; length from the output's container.
- **Fakes**: the test suite's own fake gateway and AssemblyAI, as they are (they set
  TCP_NODELAY, so a kept-alive connection does not wait ~40 ms for a delayed ACK).
"""

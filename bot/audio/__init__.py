"""Redacted audio: the recording itself, with every redacted word bleeped or silenced.

`timings` maps the redaction's spans to stretches of time (pure); `bleep` rewrites the
audio (PyAV, streamed); `redacted` puts the two together for the CLI and the job runner.
"""


class AudioUnavailable(Exception):
    """The redacted audio cannot be produced. The message names no content and no path."""

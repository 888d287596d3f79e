"""Review before sharing: the owner of a redaction un-redacts what was wrongly masked, adds
what was missed, and shares the result where they choose.

- `marks`: a redaction's spans with opaque item ids instead of values, and rendering them
  again with the owner's choices.
- `records`: reviews and shares in the job database (offsets, types and ids; never text).
- `vault`: where the original of a text review waits (encrypted, or in memory).
- `originals`: fetching the original text again (AssemblyAI for a recording, the vault for
  a text), so un-redacting is possible without the original ever sitting in the database.
"""

"""Recording jobs: a shared recording becomes exactly one result in its thread.

- `phase`: the durable phases a job moves through (written before the next one begins).
- `phases`: the phase sequence itself, shared by the job runner and `redact-bot file`.
- `recording`: one job's steps: the Slack download, the redaction, the post.
- `audio`: after the post, the redacted audio in the thread (or one line saying why not).
- `status`: the one status message of a job's thread.
- `failures`: what can go wrong, and whether trying again can help.
- `limits`: what is too large to take.
- `guard`: whether a job may go on (the process is not stopping; its lease is still ours).
- `runner`: threads, the queue, resuming after a restart, stopping.
- `leased`: the runner of a replica sharing PostgreSQL: jobs taken by lease, a poller, a
  heartbeat.
"""

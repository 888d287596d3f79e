"""One module per remote API. Nothing here knows about Slack or redaction."""

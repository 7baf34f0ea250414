"""Safe retries: a write sent with an `Idempotency-Key` is done once, and its answer replayed.

See docs/idempotency.md.
"""

"""Proof that a person owns the Facebook or Instagram profile they list."""

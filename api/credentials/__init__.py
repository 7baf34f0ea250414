"""Every way back into a person's account, in one view (GET /v1/me/credentials)."""

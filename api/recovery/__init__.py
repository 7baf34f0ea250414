"""Ways back into an account: ten one-time recovery codes, and link codes for a second device."""

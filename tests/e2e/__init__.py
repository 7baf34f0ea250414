"""End-to-end tests: the real extension in Debian's Chromium against the real service."""

"""A person's changes to their record, through one write path (see service.py)."""

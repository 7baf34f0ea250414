"""Downloads of one's own data: a person's whole record, an organisation's datasets."""

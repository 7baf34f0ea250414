""" "This page looks wrong" reports: a page's structure as shapes only (tags, roles, attribute
names, counts) and what the reader found, so the page rules can be fixed without anyone's data."""

"""Page rules: the selectors, labels and URL shapes the extension reads pages with, as a
versioned data document the service publishes signed (docs/page-rules.md)."""

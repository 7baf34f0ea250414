"""The web page the service serves at `/`, for everyone the extension cannot reach."""

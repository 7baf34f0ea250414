"""The policy package's errors; plain Python, so the HTTP layer decides how to render them."""

from datetime import date


class PolicyDataError(ValueError):
    """A policy data file is malformed: names the file and the offending field."""

    def __init__(self, file: str, field: str | None, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {problem}")


class PolicyNotInForce(LookupError):
    """No policy version covers this date (the catalogue starts at its earliest version)."""

    def __init__(self, region: str | None, day: date, starts: date) -> None:
        self.region = region
        self.day = day
        self.starts = starts
        super().__init__(
            f"no policy version for region {region or 'unknown'} on {day.isoformat()}: "
            f"the catalogue starts on {starts.isoformat()}"
        )

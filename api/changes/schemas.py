"""The answer to a change: the record as it now stands and the receipt for it, if any."""

from api.preferences.schemas import PreferencesOut
from api.receipts.schemas import ReceiptRef


class PreferencesWritten(PreferencesOut):
    """The preferences after a write, with the receipt issued if the opt-out itself changed."""

    receipt: ReceiptRef | None = None

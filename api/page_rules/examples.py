"""What the API docs show for the page rules: the signed document as served (its payload is
`{"issued_at", "rules", "version"}` in canonical JSON)."""

from api.examples import examples

# GET /v1/page-rules
SIGNED_RULES = examples(
    text=(
        "eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiM2Y5YzJhN2QxZTRiNWM2MCIsInR5cCI6InBhZ2UtcnVsZXMranNvbiJ9"
        ".eyJpc3N1ZWRfYXQiOiIyMDI2LTEyLTA1VDA2OjAwOjAwWiIsInJ1bGVzIjp7IklHIjp7ImNvbW1lbnRMaW5rIjp7"
        "ImZsYWdzIjoiIiwicmUiOiIvKD86cHxyZWVsKS8oW0EtWmEtejAtOV8tXXs1LH0pL2MvKFxcZCspIn19LCJTUE9O"
        "U09SRURfTEFCRUxTIjpbIlNwb25zb3JlZCIsIkdlc3BvbnNlcnQiXX0sInZlcnNpb24iOjIwMjYxMjA1MDF9"
        ".LZUFMxHOMZ63qlXFa3kHvtEwuUQN-NqRukBkVeOpPHZbP_z3UlTTgG_nX4wyU_Qc8OWaAryUGt3GcSZQ0kdfCw"
    )
)

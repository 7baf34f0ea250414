"""What the API docs show for the recovery operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/me/recovery-codes
ISSUE_RECOVERY_CODES = examples(
    created={
        "codes": [
            "EXBJ-ZSYT-8Q8Z-4QKB",
            "5Y5P-A9R9-6Q14-KZTQ",
            "YYF2-KQZN-HZ1G-40SW",
            "1RFV-2R9V-ZWZ1-E8D4",
            "NEG3-R671-BNJ3-QTPV",
            "H6CX-RTKA-GE6S-AZ62",
            "A8HW-ABN5-V45Q-MGDX",
            "DRZ0-6A29-954V-EA0Z",
            "CQ9R-CWHK-BG56-1MSY",
            "KPW3-STNK-4MFH-WEJN",
        ],
        "created_at": "2026-12-05T05:32:04.010496Z",
    },
    text=(
        "AI Opt-Out: recovery codes\n"
        "Made 2026-12-05 05:32 UTC. Each code works once.\n"
        "Keep this page somewhere safe: anyone holding a code can sig"
        "n in to your record.\n"
        "\n"
        " 1.  EXBJ-ZSYT-8Q8Z-4QKB\n"
        " 2.  5Y5P-A9R9-6Q14-KZTQ\n"
        " 3.  YYF2-KQZN-HZ1G-40SW\n"
        " 4.  1RFV-2R9V-ZWZ1-E8D4\n"
        " 5.  NEG3-R671-BNJ3-QTPV\n"
        " 6.  H6CX-RTKA-GE6S-AZ62\n"
        " 7.  A8HW-ABN5-V45Q-MGDX\n"
        " 8.  DRZ0-6A29-954V-EA0Z\n"
        " 9.  CQ9R-CWHK-BG56-1MSY\n"
        "10.  KPW3-STNK-4MFH-WEJN\n"
        "\n"
        "Making a new set replaces these codes.\n"
    ),
)

# GET /v1/me/recovery-codes
RECOVERY_CODES_LEFT = examples(
    ok={"remaining": 10, "total": 10, "created_at": "2026-12-05T05:32:03.643309Z"}
)

# POST /v1/auth/recovery
RECOVER = examples(
    request={"code": "7K2M-Q9XD-4TRB-HW3N"},
    ok={
        "account_id": "0cc175b9c0f1b6a831c399e269772661",
        "access_token": (
            "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5"
            "MmZkYWI4NGRkZCJ9.eyJpc3MiOiJhaS1vcHRvdXQiLCJzdWIiOiIxYjJjMzA"
            "2NDQwMDE0OTg0YTE0OTc4ZWQ1NTFjZGEyMyIsInNpZCI6ImNkZmU3NTM5ZmY"
            "wYjRkMWI5ZmE4Zjg5YmQ1YjA3Yzg3IiwiaWF0IjoxNzk2NDQ4NzI0LCJleHA"
            "iOjE3OTY0NDk2MjR9.-IjzyBBiWT6HnFgA2z_h_byPw987M3Z1wTk9oMWFu8"
            "aSt_G8NJ3S-3-1BudzOG3u7V5KpUnKScOQLG3cH7P6Dg"
        ),
        "refresh_token": (
            "cdfe7539ff0b4d1b9fa8f89bd5b07c87.OKDP1XtU2OPFxZS18IW4QC1MZuf7eoDLo8W_IEX6PyQ"
        ),
        "token_type": "Bearer",
        "expires_in": 900,
        "next": "add_passkey",
    },
)

# POST /v1/me/link-codes
ISSUE_LINK_CODE = examples(
    created={
        "code": "YV5K9-NKDY6",
        "expires_at": "2026-12-05T05:37:04.033963Z",
        "link": "http://testserver/act#link=YV5K9-NKDY6",
        "qr_svg": (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33" '
            'class="segno"><title>Link code</title><path fill="#fff" d="M'
            '0 0h33v33h-33z"/><path class="qrline" stroke="#000" d="M2 2.'
            "5h7m1 0h1m1 0h1m2 0h1m1 0h1m1 0h4m1 0h7m-29 1h1m5 0h1m1 0h2m"
            "3 0h1m6 0h1m1 0h1m5 0h1m-29 1h1m1 0h3m1 0h1m2 0h1m1 0h1m4 0h"
            "1m1 0h1m1 0h1m1 0h1m1 0h3m1 0h1m-29 1h1m1 0h3m1 0h1m1 0h2m2 "
            "0h1m1 0h2m1 0h3m2 0h1m1 0h3m1 0h1m-29 1h1m1 0h3m1 0h1m7 0h1m"
            "3 0h2m2 0h1m1 0h3m1 0h1m-29 1h1m5 0h1m2 0h1m2 0h2m2 0h1m1 0h"
            "3m1 0h1m5 0h1m-29 1h7m1 0h1m1 0h1m1 0h1m1 0h1m1 0h1m1 0h1m1 "
            "0h1m1 0h7m-21 1h1m2 0h1m3 0h4m1 0h1m-21 1h1m1 0h2m1 0h3m1 0h"
            "1m2 0h2m4 0h1m3 0h1m2 0h1m1 0h2m-29 1h1m6 0h2m1 0h2m1 0h2m2 "
            "0h1m1 0h6m3 0h1m-29 1h4m1 0h2m1 0h1m1 0h1m2 0h1m2 0h2m2 0h2m"
            "2 0h1m1 0h2m-27 1h1m3 0h1m3 0h2m5 0h1m1 0h5m2 0h1m2 0h1m-29 "
            "1h1m2 0h1m1 0h3m1 0h2m1 0h1m1 0h1m1 0h1m2 0h1m3 0h1m1 0h2m-2"
            "6 1h3m5 0h1m1 0h2m1 0h1m1 0h4m1 0h2m4 0h2m-28 1h4m1 0h4m2 0h"
            "2m2 0h5m1 0h1m2 0h4m-29 1h5m3 0h1m1 0h3m1 0h3m1 0h2m1 0h4m2 "
            "0h1m-28 1h1m1 0h1m1 0h1m1 0h2m3 0h2m1 0h1m5 0h2m2 0h1m2 0h1m"
            "-25 1h2m5 0h2m2 0h1m3 0h1m2 0h1m1 0h1m2 0h2m-28 1h1m1 0h1m2 "
            "0h2m1 0h2m3 0h4m3 0h1m2 0h1m1 0h2m-25 1h2m4 0h1m2 0h1m1 0h3m"
            "1 0h3m2 0h2m2 0h1m-26 1h1m1 0h2m1 0h4m1 0h1m1 0h4m1 0h1m1 0h"
            "7m-19 1h1m3 0h1m2 0h4m1 0h1m3 0h5m-29 1h7m1 0h4m2 0h1m4 0h2m"
            "1 0h1m1 0h2m1 0h1m-28 1h1m5 0h1m1 0h3m2 0h3m2 0h3m3 0h1m2 0h"
            "1m-28 1h1m1 0h3m1 0h1m4 0h1m5 0h2m1 0h8m-28 1h1m1 0h3m1 0h1m"
            "1 0h1m1 0h1m5 0h1m1 0h1m2 0h1m2 0h3m1 0h1m-29 1h1m1 0h3m1 0h"
            "1m1 0h3m2 0h1m5 0h1m3 0h1m1 0h1m2 0h1m-29 1h1m5 0h1m2 0h1m1 "
            "0h3m1 0h2m2 0h2m2 0h3m1 0h1m-28 1h7m1 0h2m1 0h3m1 0h1m3 0h3m"
            '5 0h1"/></svg>\n'
        ),
    }
)

# POST /v1/auth/link
LINK_DEVICE = examples(
    request={"code": "K7M2Q-9XD4T"},
    ok={
        "account_id": "0cc175b9c0f1b6a831c399e269772661",
        "access_token": (
            "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5"
            "MmZkYWI4NGRkZCJ9.eyJpc3MiOiJhaS1vcHRvdXQiLCJzdWIiOiIxYjJjMzA"
            "2NDQwMDE0OTg0YTE0OTc4ZWQ1NTFjZGEyMyIsInNpZCI6IjY4ZmE3NGMwY2Z"
            "hMDQ4ZmM5NTZlMTU1ZTFkNzRiMDVlIiwiaWF0IjoxNzk2NDQ4NzI0LCJleHA"
            "iOjE3OTY0NDk2MjR9.92q9R9FdT3E_R8t2pe5jrtGCZCXXfjKorDx9y7ZQkn"
            "hanHL_1JFz7grDOXzBqiv1zPPhyGtjWS-jgmTq2lN4Bg"
        ),
        "refresh_token": (
            "6512bd43d9caa6e02c990b0a82652dca.sRWajxF4wWhzugsW5w1-Ty7I1skfypzUQvtbS68Z_do"
        ),
        "token_type": "Bearer",
        "expires_in": 900,
    },
)

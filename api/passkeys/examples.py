"""What the API docs show for the passkeys operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/me/passkeys/registration-options
REGISTRATION_OPTIONS = examples(
    ok={
        "challenge_id": "a0def92f9dc74772a2d49536d4c53d88",
        "options": {
            "rp": {"name": "AI Opt-Out", "id": "localhost"},
            "user": {
                "id": "NrHKZ4kYX5AM0O12EufDCj2tjuvKdKj_c99KVGaOfew",
                "name": "AI Opt-Out account",
                "displayName": "AI Opt-Out account",
            },
            "challenge": (
                "Dn3mM_7BX7T72y3SIML3RLOMiNl2IVXYw4buWkEM_2axLCB_iDrk4_4G2bvO"
                "78wgiHjVw3pVBShIR43KGhHh9w"
            ),
            "pubKeyCredParams": [{"type": "public-key", "alg": -8}],
            "timeout": 120000,
            "excludeCredentials": [
                {
                    "id": "KlhS13-i_Bv_xb2nOgH2nB90vkZNPShCU6uod9qF8zE",
                    "type": "public-key",
                    "transports": ["internal"],
                }
            ],
            "authenticatorSelection": {
                "residentKey": "required",
                "requireResidentKey": True,
                "userVerification": "preferred",
            },
            "attestation": "none",
        },
    }
)

# POST /v1/me/passkeys
ADD_PASSKEY = examples(
    request={
        "challenge_id": "5f4dcc3b5aa765d61d8327deb882cf99",
        "label": "Jane's phone",
        "credential": {
            "id": "oH8QwYk3cR1u5Zb7Xq2Lm9VtNp4sJd6E",
            "rawId": "oH8QwYk3cR1u5Zb7Xq2Lm9VtNp4sJd6E",
            "type": "public-key",
            "response": {
                "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoi...",
                "attestationObject": "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVi...",
            },
        },
    },
    created={
        "id": "11ac4670747842e3a210c090f4b8fa3b",
        "label": "Passkey 2",
        "created_at": "2026-12-05T05:32:03.958645Z",
        "last_used_at": None,
    },
)

# GET /v1/me/passkeys
LIST_PASSKEYS = examples(
    ok={
        "passkeys": [
            {
                "id": "aab3238922bcc25a6f606eb525ffdc56",
                "label": "Passkey 1",
                "created_at": "2026-12-05T05:32:03.572369Z",
                "last_used_at": None,
            }
        ]
    }
)

# PATCH /v1/me/passkeys/{passkey_id}
RENAME_PASSKEY = examples(
    request={"label": "Jane's phone"},
    parameters={"passkey_id": "aab3238922bcc25a6f606eb525ffdc56"},
    ok={
        "id": "aab3238922bcc25a6f606eb525ffdc56",
        "label": "Jane's phone",
        "created_at": "2026-12-05T05:32:03.572369Z",
        "last_used_at": None,
    },
)

# DELETE /v1/me/passkeys/{passkey_id}
REMOVE_PASSKEY = examples(parameters={"passkey_id": "aab3238922bcc25a6f606eb525ffdc56"})

# POST /v1/auth/passkey/options
SIGN_IN_OPTIONS = examples(
    ok={
        "challenge_id": "e59ac2cf737a49ab8cb9bedc2c0cc6cd",
        "options": {
            "challenge": (
                "KsFzqGQtpC4cGbs5R9MhkQMUhlmcenrVzFqr7YNhszgFcAc_bbNInNec1q06"
                "u046bzzoX8Yu3rPK7Q83ai-JBw"
            ),
            "timeout": 120000,
            "rpId": "localhost",
            "allowCredentials": [],
            "userVerification": "preferred",
        },
    }
)

# POST /v1/auth/passkey
SIGN_IN = examples(
    request={
        "challenge_id": "5f4dcc3b5aa765d61d8327deb882cf99",
        "credential": {
            "id": "oH8QwYk3cR1u5Zb7Xq2Lm9VtNp4sJd6E",
            "rawId": "oH8QwYk3cR1u5Zb7Xq2Lm9VtNp4sJd6E",
            "type": "public-key",
            "response": {
                "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoi...",
                "authenticatorData": "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAABQ",
                "signature": "MEUCIQDx...",
                "userHandle": "MGNjMTc1YjljMGYxYjZhODMxYzM5OWUyNjk3NzI2NjE",
            },
        },
    },
    ok={
        "account_id": "0cc175b9c0f1b6a831c399e269772661",
        "access_token": (
            "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5"
            "MmZkYWI4NGRkZCJ9.eyJpc3MiOiJhaS1vcHRvdXQiLCJzdWIiOiIxYjJjMzA"
            "2NDQwMDE0OTg0YTE0OTc4ZWQ1NTFjZGEyMyIsInNpZCI6ImM1OWU4Yzk5ZTN"
            "hNDQzYjA4MDA1M2RiNGE1NWY1ZjY5IiwiaWF0IjoxNzk2NDQ4NzIzLCJleHA"
            "iOjE3OTY0NDk2MjN9.O8be7MtmAJNXrvPRKnQpzwz3y0sKkIfk2yeK3ajdVI"
            "PZT-Vw1034TMszpfM-JzcajqD_3Kdgj5VTURfDe7_ZAw"
        ),
        "refresh_token": (
            "c59e8c99e3a443b080053db4a55f5f69.cH28SX9rg-1yHFK4XETirWy3mAD0JRoUNIWMh_i8SnY"
        ),
        "token_type": "Bearer",
        "expires_in": 900,
    },
)

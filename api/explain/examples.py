"""What the API docs show for the explain operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/explain
EXPLAIN_ITEMS = examples(
    request={
        "region": "DE",
        "as_of": "2026-01-15",
        "items": [
            {
                "id": "post-1",
                "platform": "facebook",
                "kind": "post",
                "audience": "public",
                "author": "self",
                "author_age": "adult",
                "created_at": "2021-05-03",
            },
            {
                "id": "comment-7",
                "platform": "instagram",
                "kind": "comment",
                "audience": "public",
                "author": "other",
                "author_age": "unknown",
                "created_at": "2024-11-20",
            },
            {
                "id": "post-2015",
                "platform": "facebook",
                "kind": "photo",
                "audience": "public",
                "author": "self",
                "author_age": "adult",
                "author_age_at_posting": "minor",
                "created_at": "2015-08-01",
            },
        ],
    },
    ok={
        "policy": {
            "id": "meta-eu-2025-05-27",
            "title": "EU/EEA: training on adults' public content and Meta AI chats",
            "effective_from": "2025-05-27",
            "effective_until": None,
        },
        "as_of": "2026-01-15",
        "region": "DE",
        "lang": "en",
        "results": [
            {
                "id": "post-1",
                "verdict": "included",
                "may_already_be_used": True,
                "reasons": [
                    {
                        "code": "audience.public",
                        "text": (
                            "Public content is in scope: Meta trains on what adults have "
                            "made public, including old posts."
                        ),
                        "source": (
                            "https://www.channelnewsasia.com/business/meta-use-public-pos"
                            "ts-ai-interactions-train-models-eu-5065376"
                        ),
                        "source_date": "2025-04-14",
                        "basis": "stated",
                        "source_kind": "press",
                    }
                ],
                "actions": [
                    {
                        "code": "object.facebook",
                        "text": (
                            "Object with Meta's Facebook form (log in first). One objecti"
                            "on covers the accounts in the same Accounts Center; a Facebo"
                            "ok Page cannot object, each person who posts must. It stops "
                            "future use only."
                        ),
                        "url": "https://www.facebook.com/help/contact/6359191084165019",
                    }
                ],
                "flip": [
                    {
                        "fact": "audience",
                        "to": "friends",
                        "verdict": "excluded",
                        "text": (
                            "If this were visible to friends only, Meta's training would no "
                            "longer use it from now on."
                        ),
                    }
                ],
                "policy_id": "meta-eu-2025-05-27",
                "condition": None,
            }
        ],
    },
)

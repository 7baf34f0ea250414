"""What the API docs show for the policies operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/policies
LIST_POLICIES = examples(
    ok=[
        {
            "id": "meta-au-2023-09-27",
            "owner": "meta",
            "title": (
                "Australia: public posts used since 2023 (back to 2007), no o"
                "pt-out, minors' accounts excluded"
            ),
            "effective_from": "2023-09-27",
            "effective_until": None,
            "regions": ["AU"],
            "training": "running",
            "opt_out": False,
            "combines": [],
            "revision": 2,
        }
    ]
)

# GET /v1/policies/{policy_id}
READ_POLICY = examples(
    parameters={"policy_id": "meta-eu-2025-05-27"},
    ok={
        "id": "meta-au-2023-09-27",
        "owner": "meta",
        "title": (
            "Australia: public posts used since 2023 (back to 2007), no o"
            "pt-out, minors' accounts excluded"
        ),
        "effective_from": "2023-09-27",
        "effective_until": None,
        "regions": ["AU"],
        "training": "running",
        "opt_out": False,
        "combines": [],
        "revision": 2,
        "lang": "en",
        "rules": [
            {
                "code": "kind.private_message",
                "text": (
                    "Private messages between people (Messenger, Instagram direct"
                    " messages) are not used to train Meta's AI."
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
        "errata": [
            {
                "on": "2026-12-05",
                "changed": (
                    "Items that existed before 27 September 2023 counted as not yet used on "
                    "that day; Meta AI was trained on public posts before its launch."
                ),
                "source": "https://www.axios.com/2024/11/05/meta-ai-user-data-information",
            }
        ],
    },
)

# GET /v1/policies/changes
LIST_CHANGES = examples(
    parameters={"since": "2025-12-01", "region": "US"},
    ok=[
        {
            "id": "meta-world-2025-12-16",
            "title": (
                "Rest of the world: public posts used, no opt-out; Meta AI chats also used for ads"
            ),
            "effective_from": "2025-12-16",
            "regions": ["*"],
            "training": "running",
            "opt_out": False,
            "revision": 1,
            "changes": [
                {
                    "text": (
                        "Meta AI chats also used to personalise ads and content, with no opt-out"
                        " (advertising, not training); training unchanged."
                    ),
                    "source": (
                        "https://www.thehansindia.com/technology/tech-news/meta-to-use-ai-chat-da"
                        "ta-for-ads-and-posts-starting-december-16-1011475"
                    ),
                }
            ],
        }
    ],
)

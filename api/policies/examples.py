"""What the API docs show for the policies operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples
from api.policy.regions import load_regions

# The EU policy's regions as its data names them (meta-eu-2025-05-27.toml), from the one table.
_EU_POLICY_REGIONS = load_regions().expand("examples", "regions", ["@eea", "@eu_territories"])

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
            "lang": "en",
        }
    ]
)

# GET /v1/policies/{policy_id}
READ_POLICY = examples(
    parameters={"policy_id": "meta-eu-2025-05-27"},
    ok={
        "id": "meta-eu-2025-05-27",
        "owner": "meta",
        "title": "EU/EEA: training on adults' public content and Meta AI chats",
        "effective_from": "2025-05-27",
        "effective_until": None,
        "regions": [*_EU_POLICY_REGIONS],
        "training": "running",
        "opt_out": True,
        "combines": [],
        "revision": 3,
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
                "code": "region.tell",
                "text": (
                    "Tell us your country: Meta offers a form to object to AI training only "
                    "in the EU/EEA, the UK, Switzerland and Brazil, and elsewhere no "
                    "objection is possible."
                ),
                "url": None,
            },
            {
                "code": "object.facebook",
                "text": (
                    "Object with Meta's Facebook form (log in first). One objecti"
                    "on covers the accounts in the same Accounts Center; a Facebo"
                    "ok Page cannot object, each person who posts must. It stops "
                    "future use only."
                ),
                "url": "https://www.facebook.com/help/contact/6359191084165019",
            },
        ],
        "errata": [
            {
                "on": "2026-12-05",
                "changed": (
                    "The EU's outermost regions with country codes of their own (French "
                    "Guiana, Guadeloupe, Saint Martin, Martinique, Réunion and Mayotte) and "
                    "the Åland Islands were answered as the rest of the world, with no way to "
                    "object; they are part of EU member states, where the GDPR applies, and "
                    "now follow the EU/EEA rules."
                ),
                "source": "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:12012E/TXT",
            },
            {
                "on": "2026-12-05",
                "changed": (
                    "An objection filed on the start day, 27 May 2025, was counted as keeping "
                    "existing content out; the deadline was 26 May, so it "
                    "now counts only for what follows it. The training source was an "
                    "aggregator's page on the Hamburg DPA; it is now the DPC's own statement."
                ),
                "source": (
                    "https://www.radiohagen.de/artikel/instagram-co-ki-training-mit-den-"
                    "eigenen-daten-verhindern-2307113.html"
                ),
            },
        ],
    },
)


# GET /v1/policies/changes, in German: the feed answers in the language asked for.
LIST_CHANGES = examples(
    parameters={"since": "2025-12-01", "region": "US", "lang": "de"},
    ok=[
        {
            "id": "meta-world-2025-12-16",
            "owner": "meta",
            "title": (
                "Übrige Welt: öffentliche Beiträge verwendet, kein Widerspruch möglich; Chats mit"
                " Meta AI auch für Werbung verwendet"
            ),
            "effective_from": "2025-12-16",
            "effective_until": None,
            "regions": ["*"],
            "training": "running",
            "opt_out": False,
            "combines": [],
            "revision": 1,
            "lang": "de",
            "changes": [
                {
                    "text": (
                        "Chats mit Meta AI werden auch verwendet, um Werbung und Inhalte zu"
                        " personalisieren, ohne Möglichkeit zum Widerspruch (Werbung, kein"
                        " Training); das Training bleibt unverändert."
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

"""What the API docs show for the objections operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/me/objections/{platform}/steps
TAKE_STEP = examples(
    request={"state": "submitted", "on": "2025-05-20", "profile": "jane.doe"},
    parameters={"platform": "facebook"},
    ok={
        "region": "DE",
        "accounts": [
            {
                "platform": "facebook",
                "profile": "jane.doe",
                "profile_url": "https://www.facebook.com/jane.doe/",
                "accounts_center": False,
                "objection": {
                    "state": "submitted",
                    "submitted_on": "2025-05-20",
                    "confirmed_on": None,
                    "rejected_reason": None,
                    "withdrawn_on": None,
                },
            }
        ],
        "scope": "all",
        "listed": True,
        "version": 7,
        "updated_at": "2026-12-05T05:32:03.815811Z",
        "receipt": {
            "id": "3c1bb746f451457eb299c4ed6c80d629",
            "jws": (
                "eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5MmZkYWI4NGRkZCIsInR5"
                "cCI6Im9wdG91dC1yZWNlaXB0K2p3cyJ9.eyJhY2NvdW50cyI6W3siY29uZml"
                "ybWVkX29uIjpudWxsLCJvYmplY3Rpb24iOiJzdWJtaXR0ZWQiLCJwbGF0Zm9"
                "ybSI6ImZhY2Vib29rIiwicHJvZmlsZSI6ImphbmUuZG9lIiwic3VibWl0dGV"
                "kX29uIjoiMjAyNS0wNS0yMCJ9LHsiY29uZmlybWVkX29uIjpudWxsLCJvYmp"
                "lY3Rpb24iOiJub3Rfc3RhcnRlZCIsInBsYXRmb3JtIjoiaW5zdGFncmFtIiw"
                "icHJvZmlsZSI6ImphbmVfZG9lIiwic3VibWl0dGVkX29uIjpudWxsfV0sImF"
                "jdGlvbiI6ImNoYW5nZWQiLCJjaGFuZ2VzIjpbeyJmaWVsZCI6ImFjY291bnR"
                "zW2ZhY2Vib29rOmphbmUuZG9lXS5vYmplY3Rpb24uc3RhdGUiLCJmcm9tIjo"
                "icmVhZHkiLCJ0byI6InN1Ym1pdHRlZCJ9LHsiZmllbGQiOiJhY2NvdW50c1t"
                "mYWNlYm9vazpqYW5lLmRvZV0ub2JqZWN0aW9uLnN1Ym1pdHRlZF9vbiIsImZ"
                "yb20iOm51bGwsInRvIjoiMjAyNS0wNS0yMCJ9XSwiZXZlbnQiOnsiaGFzaCI"
                "6ImViZTljYWJkMjg4MjlhYWQ4YjZmNzc3OTkxYmM0ZDk3OTFkYmNmOTUyMTl"
                "jZjU4MzYzYzIyYjk5MTI1MTBmMTEiLCJzZXEiOjEzfSwiaWF0IjoxNzk2NDQ"
                "4NzIzLCJpc3MiOiJhaS1vcHRvdXQiLCJqdGkiOiIzYzFiYjc0NmY0NTE0NTd"
                "lYjI5OWM0ZWQ2YzgwZDYyOSIsInBvbGljeV92ZXJzaW9uIjoibWV0YS1ldS0"
                "yMDI1LTA1LTI3IiwicmVnaW9uIjoiREUiLCJzY29wZSI6ImFsbCIsInN1YiI"
                "6ImFlNzQ2OGYwZDQ3MTgxZWYxY2M3Y2M1ZjdiMTM4ZTU3MTllZTg4ZWRkMDZ"
                "mMzExYzkxNmI1YTU0YTRjNzc5NzIifQ.-oMHDqibvYdtxhqVPLOoXhywmyte"
                "JiMhFjEjG4BLEBERik1opZl30RKsOXj_gB33okVuN-RNObJb9ceAL9j-DA"
            ),
            "event_hash": ("ebe9cabd28829aad8b6f777991bc4d9791dbcf95219cf58363c22b9912510f11"),
            "position": 13,
        },
    },
)

# The letter, as both letter operations answer it (German, plain text and HTML).
_LETTER = {
    "text/plain": (
        "Widerspruch nach Art. 21 Abs. 1 DSGVO gegen die Verwendung m"
        "einer personenbezogenen Daten für KI bei Meta\n"
        "\n"
        "An: Meta, über das Widerspruchsformular für Facebook: https:"
        "//www.facebook.com/help/contact/6359191084165019\n"
        "Datum: 5. Dezember 2026\n"
        "\n"
        "Hiermit widerspreche ich gemäß Art. 21 Abs. 1 der Datenschut"
        "z-Grundverordnung (DSGVO) der Verarbeitung meiner personenbe"
        "zogenen Daten für die Entwicklung und Verbesserung von KI be"
        "i Meta, einschließlich des Trainings generativer KI-Modelle."
        " Sie stützen diese Verarbeitung auf berechtigte Interessen ("
        "Art. 6 Abs. 1 lit. f DSGVO); ich widerspreche ihr aus Gründe"
        "n, die sich aus meiner besonderen Situation ergeben.\n"
        "\n"
        "Er betrifft diese Facebook-Konten von mir:\n"
        "  - https://www.facebook.com/jane.doe/\n"
        "\n"
        "[Freiwillig: einige Worte zu Ihrer besonderen Situation]\n"
        "\n"
        "Mein Widerspruch umfasst alle meine Daten, die Sie zu diesem"
        " Zweck verwenden würden: öffentliche Beiträge, Kommentare, F"
        "otos, Videos und Bildunterschriften sowie die Angaben, die S"
        "ie als stets öffentlich behandeln, etwa meinen Namen, Benutz"
        "ernamen und mein Profilbild.\n"
        "\n"
        "Nach Art. 21 Abs. 1 DSGVO dürfen Sie diese Daten zu diesem Z"
        "weck nicht mehr verarbeiten, es sei denn, Sie weisen zwingen"
        "de schutzwürdige Gründe nach, die meine Interessen, Rechte u"
        "nd Freiheiten überwiegen. Liegen solche Gründe nicht vor, ve"
        "rlange ich außerdem nach Art. 17 Abs. 1 lit. c DSGVO die Lös"
        "chung meiner Daten, die Sie zu diesem Zweck bereits erhoben "
        "haben.\n"
        "\n"
        "Bitte bestätigen Sie mir unverzüglich, spätestens innerhalb "
        "eines Monats (Art. 12 Abs. 3 DSGVO), dass Sie meinem Widersp"
        "ruch nachgekommen sind.\n"
        "\n"
        "Mit freundlichen Grüßen\n"
        "[Ihr Name und die E-Mail-Adresse Ihres Facebook-Kontos]\n"
        "\n"
        "------------------------------------------------------------"
        "------------\n"
        "So senden Sie es ab\n"
        "\n"
        "1. Öffnen Sie Metas Widerspruchsformular für Facebook, währe"
        "nd Sie angemeldet sind: https://www.facebook.com/help/contac"
        "t/6359191084165019\n"
        "2. Meta fragt nach der E-Mail-Adresse Ihres Kontos und schic"
        "kt einen Bestätigungscode dorthin. Das Textfeld des Formular"
        "s ist freiwillig: Sie können dieses Schreiben dort einfügen."
        "\n"
        "3. Ein Widerspruch gilt für alle Konten in derselben Kontenü"
        "bersicht (Accounts Center). Ein Konto, das dort nicht verknü"
        "pft ist oder eine andere E-Mail-Adresse nutzt, braucht ein e"
        "igenes Formular.\n"
        "4. Bewahren Sie Metas Bestätigungs-E-Mail auf. Tragen Sie de"
        "n Schritt danach in AI Opt-Out ein (Widerspruch eingereicht,"
        " mit Datum), damit Ihre Quittung und Ihre Zeitleiste ihn zei"
        "gen.\n"
        "5. AI Opt-Out sendet nichts in Ihrem Namen und braucht nie I"
        "hr Meta-Passwort.\n"
    ),
    "text/html": (
        "<!doctype html>\n"
        '<html lang="de"><head><meta charset="utf-8"><title>Widerspru'
        "ch</title></head><body><article><p>Widerspruch gegen die Ver"
        "wendung meiner Informationen für KI bei Meta</p></article></"
        "body></html>\n"
    ),
}

# GET /v1/me/objection-letter
READ_LETTER = examples(
    parameters={"platform": "facebook", "lang": "de", "format": "text"},
    text=_LETTER,
)

# POST /v1/me/objection-letter
PREPARE_LETTER = examples(
    parameters={"platform": "facebook", "lang": "de", "format": "text", "mark_ready": True},
    text=_LETTER,
)

# GET /v1/me/objection-timeline
READ_TIMELINE = examples(
    ok={
        "lang": "en",
        "region": "DE",
        "objection_right": True,
        "policy_version": "meta-eu-2025-05-27",
        "training_started": {
            "on": "2025-05-27",
            "at_the_latest": False,
            "source": "https://www.dataprotection.ie/en/news-media/latest-news/dpc-statement-meta-ai",
            "basis": "stated",
        },
        "accounts": [
            {
                "platform": "facebook",
                "profile": "jane.doe",
                "objection_state": "submitted",
                "entries": [
                    {
                        "on": "2025-05-27",
                        "what": "training_started",
                        "text": (
                            "Meta began training its AI on public Facebook and Instagram "
                            "content here."
                        ),
                        "source": (
                            "https://www.dataprotection.ie/en/news-media/latest-news/"
                            "dpc-statement-meta-ai"
                        ),
                        "basis": "stated",
                        "reason": None,
                    }
                ],
                "may_already_be_used": (
                    "You objected on 2025-05-20, before training began here on 20"
                    "25-05-27: objections sent before then keep past posts out."
                ),
                "covered_from": "2025-05-20",
                "source": "https://www.ldi.nrw.de/Meta_KI",
            }
        ],
    }
)

# GET /v1/me/evidence-pack
DOWNLOAD_PACK = examples()

"""An objection letter as plain text, or as a printable HTML page where every value is escaped."""

from html import escape

from api.objections.letters import Letter

# The page needs nothing: no script, no style, no image, no form, no frame.
HTML_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def as_text(letter: Letter) -> str:
    lines = [
        letter.title,
        "",
        letter.to,
        letter.date,
        "",
        letter.intro,
        "",
        letter.accounts_intro,
        *(f"  - {account}" for account in letter.accounts),
        "",
        letter.situation,
    ]
    for paragraph in letter.paragraphs:
        lines += ["", paragraph]
    lines += ["", letter.closing, letter.signature, "", "-" * 72, letter.how_title, ""]
    lines += [f"{number}. {step}" for number, step in enumerate(letter.how, start=1)]
    return "\n".join(lines) + "\n"


def as_html(letter: Letter) -> str:
    e = escape  # quote=True: safe in text and in attribute values alike
    accounts = "".join(f"<li>{e(account)}</li>" for account in letter.accounts)
    paragraphs = "".join(f"<p>{e(paragraph)}</p>" for paragraph in letter.paragraphs)
    steps = "".join(f"<li>{e(step)}</li>" for step in letter.how)
    link = f'<a href="{e(letter.form_url)}" rel="noopener noreferrer">{e(letter.form_url)}</a>'
    return (
        "<!doctype html>\n"
        f'<html lang="{e(letter.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{e(letter.title)}</title>\n</head>\n<body>\n<main>\n<article>\n"
        f"<h1>{e(letter.title)}</h1>\n<p>{e(letter.to)}<br>{e(letter.date)}</p>\n"
        f"<p>{e(letter.intro)}</p>\n<p>{e(letter.accounts_intro)}</p>\n<ul>{accounts}</ul>\n"
        f"<p>{e(letter.situation)}</p>\n{paragraphs}\n"
        f"<p>{e(letter.closing)}<br>{e(letter.signature)}</p>\n</article>\n<hr>\n"
        f"<section>\n<h2>{e(letter.how_title)}</h2>\n<ol>{steps}</ol>\n"
        f"<p>{link}</p>\n"
        "</section>\n</main>\n</body>\n</html>\n"
    )

"""The link a second device follows, and its QR code, made here (no outside service)."""

import io

import segno


def link_for(base_url: str, code: str) -> str:
    """The web page's Act page (it reads the code) with the code in its fragment: fragments
    never reach a server's logs."""
    return f"{base_url.rstrip('/')}/act#link={code}"


def qr_svg(link: str) -> str:
    """An SVG QR code of `link`, medium error correction, scalable (no fixed size)."""
    out = io.BytesIO()
    segno.make_qr(link, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        border=2,
        light="#fff",
        title="Link code",
    )
    return out.getvalue().decode()

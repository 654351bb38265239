"""Web pages: Python and the command line read a page through the same
page reader, so their records are the same; a page given as ``bytes`` is
decoded as the CLI decodes a file, a ``str`` is taken as already decoded."""

import pytest

import whosaid
from conftest import PAGES, cli_records, need


@pytest.fixture(scope="module")
def pages():
    found = sorted(need(PAGES).glob("*/source.html"))
    assert len(found) >= 20
    return found


def test_page_bytes_give_the_cli_records(pages, whosaid_bin):
    want = cli_records(whosaid_bin, "-j", "2", *pages)
    got = []
    for p in pages:
        got.extend(whosaid.extract(p.read_bytes(), input="html", doc=str(p)))
    assert len(got) > 50
    assert got == want
    many = whosaid.extract_many(
        [p.read_bytes() for p in pages], docs=[str(p) for p in pages], input="html", threads=2
    )
    assert many.to_pylist() == want


def test_page_str_gives_the_records_of_its_bytes(pages):
    """For every page that is UTF-8, its text as a ``str`` and its bytes
    give the same records."""
    same = 0
    for p in pages:
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        assert whosaid.extract(text, input="html") == whosaid.extract(raw, input="html"), p
        same += 1
    assert same >= 10


# A page of our own in windows-1252 whose <meta> says so; its str form is
# already decoded and must not be decoded as windows-1252 a second time.
PAGE_1252 = (
    '<html><head><meta charset="windows-1252"><title>Caf\xe9 closes</title></head>'
    "<body><article><p>\u201cWe served our last cr\xe8me br\xfbl\xe9e today,\u201d "
    "the owner, Ren\xe9e Dufour, said on Sunday.</p></article></body></html>"
)


def test_a_decoded_page_is_not_decoded_again():
    as_bytes = whosaid.extract(PAGE_1252.encode("windows-1252"), input="html")
    as_str = whosaid.extract(PAGE_1252, input="html")
    assert as_bytes, "the page has a quote"
    assert as_str == as_bytes
    assert "cr\xe8me br\xfbl\xe9e" in as_str[0]["quote"]
    assert as_str[0]["title"] == "Caf\xe9 closes"

"""WARC archives in the Python API: built at test time from
../shared/data/readability-pages; records equal the CLI's on the same
archive, and the pages' records read as HTML (url from the crawl, date from
the page else WARC-Date)."""

import gzip

import pytest

import whosaid
from conftest import PAGES, cli_records, need

WARC_DATE = "2022-11-12T13:14:15Z"


def record(kind, uri, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {WARC_DATE}\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


@pytest.fixture(scope="module")
def pages():
    found = sorted(p / "source.html" for p in need(PAGES).iterdir() if (p / "source.html").is_file())
    assert len(found) >= 20
    return found


@pytest.fixture(scope="module")
def archive(tmp_path_factory, pages):
    """A .warc.gz (one member per record): warcinfo, then per page a
    request and its response."""
    recs = [record("warcinfo", "", b"software: tests\r\n")]
    for i, p in enumerate(pages):
        url = f"https://news.example/{i}"
        recs.append(record("request", url, b"GET / HTTP/1.1\r\n\r\n"))
        recs.append(
            record("response", url, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + p.read_bytes())
        )
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in recs))
    return path


def test_warc_records_equal_the_cli(archive, whosaid_bin):
    table = whosaid.extract_warc(archive, threads=2)
    assert table.num_rows > 50
    assert table.to_pylist() == cli_records(whosaid_bin, "-j", "2", archive)
    # the warcinfo record and one request per page
    assert table.schema.metadata[b"skipped_records"] == str(1 + requests_in(archive)).encode()


def requests_in(archive):
    return gzip.open(archive).read().count(b"WARC-Type: request\r\n")


def test_warc_records_equal_the_pages_as_html(archive, pages):
    got = whosaid.extract_warc(archive, threads=1).to_pylist()
    want = []
    for i, p in enumerate(pages):
        doc = f"{archive}#{3 + 2 * i}"
        for r in whosaid.extract(p.read_bytes(), input="html", doc=doc):
            r["url"] = f"https://news.example/{i}"
            if r["date"] is None:
                r["date"] = WARC_DATE
            want.append(r)
    assert got == want


def test_warc_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        whosaid.extract_warc(tmp_path / "missing.warc.gz")
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 50\r\n\r\ntoo short")
    with pytest.raises(ValueError, match="WARC record 1"):
        whosaid.extract_warc(bad)

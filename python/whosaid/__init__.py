"""Who said what: quotes and their speakers in news articles.

The rules and the engine are the ``whosaid`` command line's (compiled Rust);
records have exactly the fields of ``whosaid extract --format jsonl``.

>>> import whosaid
>>> recs = whosaid.extract('"We will win," Trump said.')
>>> recs[0]["speaker"]["name"]
'Trump'
"""

from __future__ import annotations

import json
from typing import Iterable, List, Optional, Sequence, Union

Article = Union[str, bytes]

from ._whosaid import Rules, RulesError
from . import _whosaid

__all__ = [
    "Rules",
    "RulesError",
    "RECORD_SCHEMA",
    "record_schema",
    "extract",
    "extract_many",
    "extract_warc",
]

_INPUTS = ("text", "html")


def record_schema():
    """The Arrow schema of a record: one column per JSONL field, in order.

    Spans are lists of ``[start, end)`` byte pairs (``list<list<int64>>``);
    ``speaker`` and ``cue`` are structs; absent values are nulls.
    """
    import pyarrow as pa

    span = pa.list_(pa.int64())
    return pa.schema(
        [
            pa.field("doc", pa.string(), nullable=False),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("quote", pa.string(), nullable=False),
            pa.field("spans", pa.list_(span), nullable=False),
            pa.field(
                "speaker",
                pa.struct(
                    [
                        pa.field("name", pa.string()),
                        pa.field("mention", pa.string()),
                        pa.field("span", span),
                        pa.field("title", pa.string()),
                        pa.field("type", pa.string()),
                    ]
                ),
            ),
            pa.field(
                "cue",
                pa.struct([pa.field("text", pa.string()), pa.field("span", span)]),
            ),
            pa.field("via", pa.string()),
            pa.field("rule", pa.string(), nullable=False),
            pa.field("char_spans", pa.list_(span), nullable=False),
            pa.field("title", pa.string()),
            pa.field("url", pa.string()),
            pa.field("date", pa.string()),
            pa.field("outlet", pa.string()),
            pa.field("author", pa.string()),
            pa.field("context", pa.string(), nullable=False),
            pa.field("lang", pa.string(), nullable=False),
        ]
    )


def __getattr__(name):
    # RECORD_SCHEMA is built on first use, so `import whosaid` alone does
    # not import pyarrow.
    if name == "RECORD_SCHEMA":
        return record_schema()
    raise AttributeError(f"module 'whosaid' has no attribute {name!r}")


def _check_input(input: str) -> None:
    if input not in _INPUTS:
        raise ValueError(f'input must be "text" or "html", not {input!r}')


def _check_rules(rules) -> None:
    if rules is not None and not isinstance(rules, Rules):
        raise TypeError(f"rules must be a whosaid.Rules or None, not {type(rules).__name__}")


def extract(
    text: Article,
    *,
    doc: Optional[str] = None,
    input: str = "text",
    rules: Optional[Rules] = None,
) -> List[dict]:
    """Extract the quotes of one article.

    Args:
        text: the article: plain text (``input="text"``, metadata read from
            its header lines as the CLI does) or a web page (``input="html"``,
            the article body found by the page reader). ``bytes`` are read
            exactly as the CLI reads a file's bytes (a page's charset from
            its byte order mark, ``<meta>`` or by detection; text must be
            UTF-8); a ``str`` is already decoded, so a page's
            ``<meta charset>`` is not applied to it again.
        doc: what records name as ``doc`` (default ``"-"``, as for standard input).
        input: ``"text"`` or ``"html"``.
        rules: compiled rules (default: the embedded rules).

    Returns:
        One dict per record, with exactly the fields of the CLI's JSONL.
        Offsets are UTF-8 byte offsets (``spans``) and code point offsets
        (``char_spans``) into the text the engine ran on.
    """
    _check_input(input)
    _check_rules(rules)
    data = _whosaid.extract_jsonl(_article(text), "-" if doc is None else str(doc), input, rules)
    return [json.loads(line) for line in data.splitlines()]


def _article(text):
    if isinstance(text, (str, bytes, bytearray)):
        return text
    if isinstance(text, memoryview):
        return text.tobytes()
    raise TypeError(f"an article must be str or bytes, not {type(text).__name__}")


def _table_from_jsonl(data: bytes):
    import pyarrow as pa
    import pyarrow.json as pajson

    schema = record_schema()
    if not data:
        return schema.empty_table()
    table = pajson.read_json(
        pa.BufferReader(data),
        read_options=pajson.ReadOptions(block_size=max(1 << 20, min(len(data), 1 << 26))),
        parse_options=pajson.ParseOptions(
            explicit_schema=schema, unexpected_field_behavior="error"
        ),
    )
    return table.select(schema.names).cast(schema)


def extract_many(
    texts: Iterable[Article],
    *,
    docs: Optional[Sequence[str]] = None,
    input: str = "text",
    rules: Optional[Rules] = None,
    threads: Optional[int] = None,
):
    """Extract the quotes of many articles on a thread pool.

    The GIL is released while the articles are read and extracted, so other
    Python threads keep running.

    Args:
        texts: the articles, ``str`` or ``bytes`` as for :func:`extract`.
        docs: what records name as ``doc``, one per text (default: the
            text's index, ``"0"``, ``"1"``, ...).
        input: ``"text"`` or ``"html"``.
        rules: compiled rules (default: the embedded rules).
        threads: worker threads (default: one per core).

    Returns:
        A ``pyarrow.Table`` with one row per record, in input order, with
        the schema :func:`record_schema`. ``.to_pandas()`` gives a DataFrame.
    """
    _check_input(input)
    _check_rules(rules)
    texts = [_article(t) for t in texts]
    if docs is None:
        docs = [str(i) for i in range(len(texts))]
    else:
        docs = [str(d) for d in docs]
    if threads is None:
        threads = 0
    elif threads < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    data = _whosaid.extract_many_jsonl(texts, docs, input, rules, threads)
    return _table_from_jsonl(data)


def extract_warc(
    path,
    *,
    rules: Optional[Rules] = None,
    threads: Optional[int] = None,
):
    """Extract the quotes of every web page in a WARC archive.

    The archive (``.warc``, or ``.warc.gz`` with one gzip member per record
    as Common Crawl writes them) is read as a stream. Each ``response``
    record with an HTML payload goes through the page reader; ``url`` comes
    from ``WARC-Target-URI`` and ``date`` from the page, else ``WARC-Date``.
    Records name their page ``PATH#N``, N being the WARC record's position.

    Args:
        path: the archive.
        rules: compiled rules (default: the embedded rules).
        threads: worker threads (default: one per core).

    Returns:
        A ``pyarrow.Table`` of records (schema :func:`record_schema`). Its
        ``schema.metadata[b"skipped_records"]`` counts the WARC records that
        held no web page.

    Raises:
        OSError: the file cannot be opened.
        ValueError: a malformed record (the message names it and its offset).
    """
    import os

    _check_rules(rules)
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such file")
    data, skipped = _whosaid.extract_warc_jsonl(path, rules, threads or 0)
    table = _table_from_jsonl(data)
    return table.replace_schema_metadata({"skipped_records": str(skipped)})

"""Apache Spark: quotes from a DataFrame of articles, with ``mapInArrow``.

Each Spark task runs :func:`whosaid.extract_many` over the Arrow batches of
its partition; the engine is the command line's, so the records are the
same. whosaid (and pyarrow) must be installed on the executors.
"""

from __future__ import annotations

from typing import Optional

import whosaid

__all__ = ["extract_quotes", "extract_warc_files", "record_schema"]


def _nullable(schema):
    """The record schema with every field nullable (Spark's own view)."""
    import pyarrow as pa

    def field(f):
        t = f.type
        if pa.types.is_struct(t):
            t = pa.struct([field(t.field(i)) for i in range(t.num_fields)])
        return pa.field(f.name, t, nullable=True)

    return pa.schema([field(f) for f in schema])


def record_schema():
    """The records' Spark schema (a ``StructType``), built from the Arrow one."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(_nullable(whosaid.record_schema()))


def extract_quotes(
    df,
    text_col: str = "text",
    id_col: str = "id",
    *,
    input: str = "text",
    rules: Optional[str] = None,
    threads: int = 1,
):
    """Turn a DataFrame of articles into a DataFrame of records.

    Args:
        df: a ``pyspark.sql.DataFrame`` with a text column and an id column.
        text_col: the column holding each article (plain text or HTML).
        id_col: the column whose value becomes each record's ``doc``.
        input: ``"text"`` or ``"html"``.
        rules: a rule directory on the executors (default: the embedded rules).
        threads: extraction threads per Spark task (Spark already runs one
            task per core, so 1 is usually right).

    Returns:
        A DataFrame with one row per record and the columns of
        :func:`whosaid.record_schema` (a null text gives no records).
    """
    if input not in ("text", "html"):
        raise ValueError(f'input must be "text" or "html", not {input!r}')
    target = _nullable(whosaid.record_schema())

    def run(batches):
        import whosaid as ws

        rule_set = ws.Rules(rules) if rules is not None else None
        for batch in batches:
            texts = batch.column(batch.schema.get_field_index(text_col)).to_pylist()
            ids = batch.column(batch.schema.get_field_index(id_col)).to_pylist()
            keep = [i for i, t in enumerate(texts) if t is not None]
            table = ws.extract_many(
                [texts[i] for i in keep],
                docs=[str(ids[i]) for i in keep],
                input=input,
                rules=rule_set,
                threads=threads,
            )
            for out in table.cast(target).to_batches():
                yield out

    return df.select(id_col, text_col).mapInArrow(run, record_schema())


def extract_warc_files(spark, paths, *, rules: Optional[str] = None, threads: int = 1):
    """Records of every web page in WARC archives, one Spark task per file.

    Args:
        spark: the ``SparkSession``.
        paths: archive paths (``.warc`` or ``.warc.gz``) every executor can read.
        rules: a rule directory on the executors (default: the embedded rules).
        threads: extraction threads per task.

    Returns:
        A DataFrame of records (see :func:`whosaid.extract_warc`).
    """
    paths = [str(p) for p in paths]
    target = _nullable(whosaid.record_schema())

    def run(batches):
        import whosaid as ws

        rule_set = ws.Rules(rules) if rules is not None else None
        for batch in batches:
            for path in batch.column(0).to_pylist():
                table = ws.extract_warc(path, rules=rule_set, threads=threads)
                yield from table.replace_schema_metadata(None).cast(target).to_batches()

    df = spark.createDataFrame([(p,) for p in paths], "path string")
    return df.repartition(max(1, len(paths))).mapInArrow(run, record_schema())

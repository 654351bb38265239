"""Dask: quotes from a Dask DataFrame of articles, with ``map_partitions``.

Each partition goes through :func:`whosaid.extract_many`; columns stay
Arrow-backed (``pandas.ArrowDtype``), so spans and speakers keep their
Arrow types.
"""

from __future__ import annotations

from typing import Optional

import whosaid

__all__ = ["extract_quotes", "extract_partition"]


def extract_partition(
    pdf, text_col: str = "text", id_col: str = "id", *, input: str = "text", threads: int = 1
):
    """The records of one pandas partition, as a pandas DataFrame."""
    import pandas as pd

    texts = pdf[text_col].tolist()
    ids = pdf[id_col].tolist()
    keep = [i for i, t in enumerate(texts) if isinstance(t, str)]
    table = whosaid.extract_many(
        [texts[i] for i in keep],
        docs=[str(ids[i]) for i in keep],
        input=input,
        threads=threads,
    )
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def extract_quotes(
    ddf, text_col: str = "text", id_col: str = "id", *, input: str = "text", threads: Optional[int] = 1
):
    """Turn a Dask DataFrame of articles into a Dask DataFrame of records."""
    import pandas as pd

    meta = whosaid.record_schema().empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    return ddf.map_partitions(
        extract_partition,
        text_col,
        id_col,
        input=input,
        threads=threads,
        meta=meta,
        align_dataframes=False,
    )

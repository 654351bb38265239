"""Spark (local[2]) and Dask (LocalCluster) jobs over the 840 train
articles give the CLI's records. One Spark session serves every Spark test
(starting the JVM is the slow part)."""

import json
import os
import pathlib
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import whosaid

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))


def key(r):
    return json.dumps(r, sort_keys=True)


def canonical(records):
    return sorted(records, key=key)


@pytest.fixture(scope="module")
def articles_jsonl(tmp_path_factory, train_files):
    path = tmp_path_factory.mktemp("articles") / "train.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for f in train_files:
            out.write(json.dumps({"id": str(f), "text": f.read_text(encoding="utf-8")}) + "\n")
    return path


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark") if not os.environ.get("CI") else __import__("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("whosaid-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "200")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_job_gives_the_cli_records(spark, articles_jsonl, train_cli, tmp_path):
    import spark_job

    dst = tmp_path / "records.parquet"
    n = spark_job.run(spark, str(articles_jsonl), str(dst), partitions=4)
    got = pq.read_table(dst).to_pylist()
    assert n == len(got) == len(train_cli)
    assert canonical(got) == canonical(train_cli)


def test_spark_parquet_input_and_schema(spark, articles_jsonl, tmp_path):
    import spark_job

    src = tmp_path / "articles.parquet"
    spark.read.json(str(articles_jsonl)).limit(50).write.parquet(str(src))
    dst = tmp_path / "records.parquet"
    spark_job.run(spark, str(src), str(dst))
    table = pq.read_table(dst)
    assert table.schema.names == whosaid.record_schema().names
    assert table.schema.field("spans").type == pa.list_(pa.list_(pa.int64()))


def test_spark_null_text_gives_no_records(spark):
    from whosaid.spark import extract_quotes

    df = spark.createDataFrame(
        [("a", '"We stay," Ana Ruiz said.'), ("b", None)], "id string, text string"
    )
    rows = extract_quotes(df).collect()
    assert [r.doc for r in rows] == ["a"]
    assert rows[0].speaker.name == "Ana Ruiz"


def test_dask_local_cluster_gives_the_cli_records(articles_jsonl, train_cli, tmp_path):
    dd = pytest.importorskip("dask.dataframe") if not os.environ.get("CI") else __import__("dask.dataframe").dataframe
    from dask.distributed import Client, LocalCluster

    import dask_job
    from whosaid.dask import extract_quotes

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
        records = extract_quotes(dask_job.read_articles(str(articles_jsonl), 6))
        dst = tmp_path / "records.parquet"
        records.to_parquet(str(dst), write_index=False)
    got = pq.read_table(dst).select(whosaid.record_schema().names).to_pylist()
    assert len(got) == len(train_cli)
    assert canonical(got) == canonical(train_cli)


def test_spark_warc_files_one_task_each(spark, tmp_path):
    import gzip

    from conftest import PAGES, need
    from whosaid.spark import extract_warc_files

    pages = sorted(need(PAGES).glob("*/source.html"))[:6]
    paths = []
    for n in range(2):
        recs = []
        for i, p in enumerate(pages[n * 3 : n * 3 + 3]):
            block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + p.read_bytes()
            head = (
                f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2022-01-01T00:00:00Z\r\n"
                f"WARC-Target-URI: https://n.example/{n}/{i}\r\nContent-Length: {len(block)}\r\n\r\n"
            )
            recs.append(gzip.compress(head.encode() + block + b"\r\n\r\n"))
        path = tmp_path / f"part-{n}.warc.gz"
        path.write_bytes(b"".join(recs))
        paths.append(path)
    got = [r.asDict(recursive=True) for r in extract_warc_files(spark, paths).collect()]
    want = [r for p in paths for r in whosaid.extract_warc(p).to_pylist()]
    assert want
    assert canonical(got) == canonical(want)

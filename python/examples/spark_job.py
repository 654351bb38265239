"""Quotes from articles with Apache Spark: JSONL or Parquet in, Parquet out.

    python examples/spark_job.py articles.jsonl records.parquet --master 'local[2]'

The input has one article per row with an ``id`` and a ``text`` column
(the names can be changed with --id-col and --text-col); the output is a
Parquet directory of records, one row per quote, with the schema of
``whosaid.record_schema()``. On a cluster, give the master URL or run the
script with spark-submit; whosaid must be installed on the executors.
"""

import argparse

from pyspark.sql import SparkSession

from whosaid.spark import extract_quotes


def run(spark, src: str, dst: str, text_col: str = "text", id_col: str = "id", partitions=None):
    """Reads the articles at ``src``, writes their records to ``dst``; returns the record count."""
    if src.endswith(".parquet") or not src.rsplit("/", 1)[-1].count("."):
        articles = spark.read.parquet(src)
    else:
        articles = spark.read.json(src)
    if partitions:
        articles = articles.repartition(partitions)
    records = extract_quotes(articles, text_col=text_col, id_col=id_col)
    records.write.mode("overwrite").parquet(dst)
    return spark.read.parquet(dst).count()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("src", help="articles: a .jsonl file or a Parquet file/directory")
    p.add_argument("dst", help="records: a Parquet directory (overwritten)")
    p.add_argument("--master", default=None, help="Spark master, e.g. local[2]")
    p.add_argument("--text-col", default="text")
    p.add_argument("--id-col", default="id")
    p.add_argument("--partitions", type=int, default=None)
    args = p.parse_args()
    builder = SparkSession.builder.appName("whosaid")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        n = run(spark, args.src, args.dst, args.text_col, args.id_col, args.partitions)
        print(f"{n} records written to {args.dst}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()

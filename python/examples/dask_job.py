"""Quotes from articles with Dask: a LocalCluster and map_partitions.

    python examples/dask_job.py articles.jsonl records.parquet --workers 2

The input is JSONL (one article per line with ``id`` and ``text``) or
Parquet; the output is a Parquet directory of records. To use a real
cluster, pass its scheduler address with --scheduler.
"""

import argparse

import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

from whosaid.dask import extract_quotes


def read_articles(src: str, partitions: int):
    if src.endswith((".jsonl", ".json", ".ndjson")):
        ddf = dd.read_json(src, lines=True, blocksize=None)
    else:
        ddf = dd.read_parquet(src)
    return ddf.repartition(npartitions=partitions)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("src")
    p.add_argument("dst")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--scheduler", default=None, help="address of a running scheduler")
    p.add_argument("--partitions", type=int, default=8)
    args = p.parse_args()
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1))
    with client:
        records = extract_quotes(read_articles(args.src, args.partitions))
        records.to_parquet(args.dst, write_index=False)
        print(f"records written to {args.dst}")


if __name__ == "__main__":
    main()

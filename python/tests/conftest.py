"""Shared fixtures: the repository, ../shared and the CLI's own records.

Tests that compare with the command line run the release binary
(``target/release/whosaid``, built by ``scripts/test-python``) or the one
named by ``$WHOSAID_BIN``. Data under ``../shared`` is read at test time and
never copied into the repository.
"""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("WHOSAID_SHARED", REPO.parent / "shared"))
TRAIN = SHARED / "data" / "polnear-train" / "text"
PAGES = SHARED / "data" / "readability-pages"


def need(path: pathlib.Path) -> pathlib.Path:
    """Skips the test when shared data is missing, except in CI, where a
    missing ../shared is a failure."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} is missing")
    return path


@pytest.fixture(scope="session")
def whosaid_bin() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("WHOSAID_BIN", REPO / "target" / "release" / "whosaid"))
    if not path.exists():
        pytest.fail(f"{path} not built: run scripts/test-python (or cargo build --release)")
    return path


def cli_records(whosaid_bin, *args) -> list:
    """The CLI's JSONL records for ``whosaid extract ARGS``."""
    out = subprocess.run(
        [str(whosaid_bin), "extract", "--format", "jsonl", *map(str, args)],
        check=True,
        capture_output=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="session")
def train_files() -> list:
    return sorted(need(TRAIN).glob("*.txt"))


@pytest.fixture(scope="session")
def train_cli(whosaid_bin, train_files) -> list:
    """The CLI's records over the 840 train articles, docs as the paths given."""
    return cli_records(whosaid_bin, "-j", "2", *train_files)

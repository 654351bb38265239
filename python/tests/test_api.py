"""The Python API: rules, extract, extract_many and the record schema."""

import json
import re
import pathlib
import threading

import pyarrow as pa
import pytest

import whosaid
from conftest import REPO, cli_records

SAMPLE = '"We will not raise fares this year," Maria Lopez, the transit chief, said on Monday.\n'


def test_extract_gives_the_cli_fields_in_order(tmp_path, whosaid_bin):
    path = tmp_path / "a.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    recs = whosaid.extract(SAMPLE, doc=str(path))
    assert recs, "the sample has a quote"
    assert recs == cli_records(whosaid_bin, path)
    assert list(recs[0]) == list(cli_records(whosaid_bin, path)[0])
    assert recs[0]["speaker"]["name"] == "Maria Lopez"
    assert recs[0]["spans"] and all(len(s) == 2 for s in recs[0]["spans"])


def test_extract_default_doc_and_no_quote():
    assert whosaid.extract(SAMPLE)[0]["doc"] == "-"
    assert whosaid.extract("Nothing quoted here at all.") == []
    assert whosaid.extract("") == []


def test_extract_is_identical_to_the_cli_on_train(train_files, train_cli):
    got = []
    for f in train_files:
        got.extend(whosaid.extract(f.read_text(encoding="utf-8"), doc=str(f)))
    assert len(got) == len(train_cli) > 1000
    assert got == train_cli


def test_extract_many_is_identical_to_the_cli_on_train(train_files, train_cli):
    texts = [f.read_text(encoding="utf-8") for f in train_files]
    table = whosaid.extract_many(texts, docs=[str(f) for f in train_files], threads=2)
    assert table.schema == whosaid.record_schema()
    assert table.to_pylist() == train_cli


def test_extract_many_thread_count_does_not_change_records(train_files):
    texts = [f.read_text(encoding="utf-8") for f in train_files[:120]]
    one = whosaid.extract_many(texts, threads=1)
    two = whosaid.extract_many(texts, threads=2)
    auto = whosaid.extract_many(texts)
    assert one.num_rows > 0
    assert one.equals(two) and one.equals(auto)
    # default docs are the texts' indices
    assert set(one.column("doc").to_pylist()) <= {str(i) for i in range(len(texts))}


def test_schema_is_the_jsonl_fields():
    fields = list(json.loads(json.dumps(whosaid.extract(SAMPLE)[0])))
    schema = whosaid.record_schema()
    assert schema.names == fields
    assert schema.field("spans").type == pa.list_(pa.list_(pa.int64()))
    assert pa.types.is_struct(schema.field("speaker").type)
    assert schema.field("speaker").type.field("span").type == pa.list_(pa.int64())
    assert whosaid.RECORD_SCHEMA == schema


def test_empty_batch_has_the_schema():
    t = whosaid.extract_many([])
    assert t.num_rows == 0 and t.schema == whosaid.record_schema()
    t = whosaid.extract_many(["no quotes"])
    assert t.num_rows == 0 and t.schema == whosaid.record_schema()


def test_to_pandas():
    df = whosaid.extract_many([SAMPLE, SAMPLE], docs=["a", "b"]).to_pandas()
    assert list(df["doc"]) == ["a", "b"]
    assert df["speaker"][0]["name"] == "Maria Lopez"


def test_html_input():
    page = (
        "<html><head><title>Fares frozen</title></head><body><article>"
        f"<p>{SAMPLE}</p></article></body></html>"
    )
    recs = whosaid.extract(page, input="html", doc="p.html")
    assert [r["quote"] for r in recs] == [r["quote"] for r in whosaid.extract(SAMPLE)]
    assert recs[0]["doc"] == "p.html"
    assert whosaid.extract_many([page], input="html").to_pylist()[0]["quote"] == recs[0]["quote"]


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="input must be"):
        whosaid.extract(SAMPLE, input="pdf")
    with pytest.raises(TypeError, match="str or bytes"):
        whosaid.extract(12)
    with pytest.raises(TypeError, match="str or bytes"):
        whosaid.extract_many(["a", None])
    with pytest.raises(ValueError, match="docs has 1 items but texts has 2"):
        whosaid.extract_many(["a", "b"], docs=["x"])
    with pytest.raises(ValueError, match="threads"):
        whosaid.extract_many(["a"], threads=0)
    with pytest.raises(TypeError, match="rules"):
        whosaid.extract(SAMPLE, rules="rules/")


def test_rules_default_and_directory():
    default = whosaid.Rules()
    assert default.path is None
    from_dir = whosaid.Rules(REPO / "rules")
    assert whosaid.extract(SAMPLE, rules=from_dir) == whosaid.extract(SAMPLE, rules=default)
    assert "rules" in repr(from_dir)


def test_bad_rules_raise_with_diagnostics():
    bad = REPO / "tests" / "bad_rules"
    for name in ["bad_regex", "bad_toml", "unknown_key"]:
        with pytest.raises(whosaid.RulesError) as err:
            whosaid.Rules(bad / name)
        # path:line:col diagnostics, as the CLI prints them
        assert re.search(r"\.toml:\d+:\d+", str(err.value)), str(err.value)
        assert "error(s) in the rules" in str(err.value)
    assert issubclass(whosaid.RulesError, ValueError)
    with pytest.raises(whosaid.RulesError):
        whosaid.Rules("/no/such/rules/dir")


def test_extract_many_releases_the_gil(train_files):
    texts = [f.read_text(encoding="utf-8") for f in train_files[:200]]
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        whosaid.extract_many(texts, threads=1)
    finally:
        stop.set()
        t.join()
    # a held GIL would let the ticker run only at the interpreter's switch
    # interval; released, it ticks throughout
    assert len(ticks) > 20


def test_the_package_under_test_is_the_installed_build():
    """The tests import the package pip installed (scripts/test-python
    builds it from this checkout), never a compiled module left beside the
    sources by an earlier `maturin develop`: such a module shadowed the
    fresh build once and made Python's records differ from the CLI's."""
    from importlib import metadata

    dist = metadata.distribution("whosaid")
    installed = {pathlib.Path(dist.locate_file(f)).resolve() for f in dist.files or []}
    module = pathlib.Path(whosaid._whosaid.__file__).resolve()
    assert module in installed, (
        f"whosaid._whosaid comes from {module}, not from the installed wheel "
        f"{dist.locate_file('')}; run the tests with scripts/test-python"
    )

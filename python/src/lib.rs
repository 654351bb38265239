//! The compiled part of the Python package `whosaid`: rules, extraction of
//! one article or of many on a thread pool (without the GIL), and WARC
//! archives. Records cross into Python as JSON text written by the same
//! serializer as the command line's JSONL, so a record's fields are exactly
//! the CLI's; `whosaid/__init__.py` turns them into dicts or an Arrow table.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use whosaid::input::{read_articles, read_page, Article, InputKind};
use whosaid::RuleSet;

pyo3::create_exception!(
    _whosaid,
    RulesError,
    PyValueError,
    "A rule directory that does not load; the message holds every path:line:col diagnostic."
);

/// Compiled rules, built once and shared by every call and thread.
#[pyclass(frozen, module = "whosaid")]
struct Rules {
    inner: Arc<RuleSet>,
    path: Option<PathBuf>,
}

#[pymethods]
impl Rules {
    #[new]
    #[pyo3(signature = (path=None))]
    fn new(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Self> {
        let inner = match &path {
            None => embedded()?,
            Some(dir) => {
                let loaded = py.detach(|| RuleSet::load(whosaid::rules::Source::Dir(dir)));
                Arc::new(loaded.map_err(|e| RulesError::new_err(e.to_string()))?)
            }
        };
        Ok(Rules { inner, path })
    }

    /// The directory the rules came from, or None for the embedded rules.
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        self.path.clone()
    }

    fn __repr__(&self) -> String {
        match &self.path {
            None => "whosaid.Rules()".into(),
            Some(p) => format!("whosaid.Rules({:?})", p.display().to_string()),
        }
    }
}

/// The embedded rules, compiled on first use.
fn embedded() -> PyResult<Arc<RuleSet>> {
    static RULES: OnceLock<Result<Arc<RuleSet>, String>> = OnceLock::new();
    RULES
        .get_or_init(|| RuleSet::embedded().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(RulesError::new_err)
}

fn rule_set(rules: Option<&Bound<'_, Rules>>) -> PyResult<Arc<RuleSet>> {
    match rules {
        Some(r) => Ok(r.get().inner.clone()),
        None => embedded(),
    }
}

fn input_kind(input: &str) -> PyResult<InputKind> {
    match input {
        "text" => Ok(InputKind::Text),
        "html" => Ok(InputKind::Html),
        other => Err(PyValueError::new_err(format!(
            "input must be \"text\" or \"html\", not {other:?}"
        ))),
    }
}

/// One article's records as JSONL, appended to `out` (the command line's
/// serializer, so the fields and their order are the CLI's).
fn article_jsonl(rules: &RuleSet, article: &Article, out: &mut Vec<u8>) {
    for rec in whosaid::extract_with_meta(rules, &article.doc, &article.text, &article.meta) {
        // Serializing a Record into memory cannot fail: it has no maps
        // with non-string keys and no I/O.
        if serde_json::to_writer(&mut *out, &rec).is_ok() {
            out.push(b'\n');
        }
    }
}

/// An article as Python hands it over: text already decoded (`str`), or
/// the bytes of a file or a download (`bytes`, `bytearray`).
enum Input {
    Str(String),
    Bytes(Vec<u8>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Input {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Input::Str(s.to_cow()?.into_owned()));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Input::Bytes(b.as_bytes().to_vec()));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Input::Bytes(b.to_vec()));
        }
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "an article must be str or bytes, not {}",
            obj.get_type().name()?
        )))
    }
}

/// Reads one input as `kind` into its articles (one for text and HTML)
/// through the command line's readers: bytes exactly as a file's, a page
/// in a `str` as UTF-8 whatever its `<meta charset>` says (Python already
/// decoded it).
fn articles_of(doc: &str, input: &Input, kind: InputKind) -> Vec<Article> {
    match (input, kind) {
        (Input::Str(text), InputKind::Html) => read_page(doc, text.as_bytes(), Some("utf-8")).0,
        (Input::Str(text), _) => read_articles(doc, text.as_bytes(), kind).0,
        (Input::Bytes(bytes), _) => read_articles(doc, bytes, kind).0,
    }
}

/// The records of one article as JSONL bytes.
#[pyfunction]
#[pyo3(signature = (text, doc, input, rules=None))]
fn extract_jsonl<'py>(
    py: Python<'py>,
    text: Input,
    doc: &str,
    input: &str,
    rules: Option<&Bound<'py, Rules>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let rules = rule_set(rules)?;
    let kind = input_kind(input)?;
    let out = py.detach(|| {
        let mut out = Vec::new();
        for a in articles_of(doc, &text, kind) {
            article_jsonl(&rules, &a, &mut out);
        }
        out
    });
    Ok(PyBytes::new(py, &out))
}

/// Runs `job(i)` for every `i < n` on `threads` workers (0: one per core)
/// and returns the outputs in order.
fn pool(
    n: usize,
    threads: usize,
    job: &(dyn Fn(usize) -> Vec<u8> + Sync),
) -> Result<Vec<Vec<u8>>, usize> {
    // A panic in the engine on one article is reported against that
    // article (its index), never as records silently missing.
    let job = |i: usize| std::panic::catch_unwind(AssertUnwindSafe(|| job(i))).map_err(|_| i);
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
    .clamp(1, n.max(1));
    if threads == 1 {
        return (0..n).map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<(usize, Result<Vec<u8>, usize>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            return done;
                        }
                        done.push((i, job(i)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    parts.sort_unstable_by_key(|(i, _)| *i);
    parts.into_iter().map(|(_, p)| p).collect()
}

fn internal_error(docs: &[String], i: usize) -> PyErr {
    let doc = docs.get(i).map_or("?", String::as_str);
    PyRuntimeError::new_err(format!(
        "{doc}: internal error while extracting (a bug: please report it with this input)"
    ))
}

/// The records of many articles as one JSONL document, in input order,
/// extracted on `threads` worker threads with the GIL released.
#[pyfunction]
#[pyo3(signature = (texts, docs, input, rules=None, threads=0))]
fn extract_many_jsonl<'py>(
    py: Python<'py>,
    texts: Vec<Input>,
    docs: Vec<String>,
    input: &str,
    rules: Option<&Bound<'py, Rules>>,
    threads: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    if texts.len() != docs.len() {
        return Err(PyValueError::new_err(format!(
            "docs has {} items but texts has {}",
            docs.len(),
            texts.len()
        )));
    }
    let rules = rule_set(rules)?;
    let kind = input_kind(input)?;
    let out = py.detach(|| {
        let job = |i: usize| {
            let mut out = Vec::new();
            for a in articles_of(&docs[i], &texts[i], kind) {
                article_jsonl(&rules, &a, &mut out);
            }
            out
        };
        pool(texts.len(), threads, &job).map(|parts| parts.concat())
    });
    let out = out.map_err(|i| internal_error(&docs, i))?;
    Ok(PyBytes::new(py, &out))
}

/// The records of every web page in a WARC archive (`.warc` or
/// `.warc.gz`), streamed: pages are read a part at a time and each part is
/// extracted on the thread pool with the GIL released. Returns the JSONL
/// and the number of records skipped (not an HTML response).
#[pyfunction]
#[pyo3(signature = (path, rules=None, threads=0))]
fn extract_warc_jsonl<'py>(
    py: Python<'py>,
    path: PathBuf,
    rules: Option<&Bound<'py, Rules>>,
    threads: usize,
) -> PyResult<(Bound<'py, PyBytes>, usize)> {
    use whosaid::input::warc::{self, WarcReader};
    let rules = rule_set(rules)?;
    let name = path.display().to_string();
    let result = py.detach(|| -> Result<(Vec<u8>, usize), String> {
        let mut reader = WarcReader::open(&path).map_err(|e| format!("{name}: {e}"))?;
        let (mut out, mut skipped) = (Vec::new(), 0usize);
        let mut done = false;
        while !done {
            let mut pages = Vec::new();
            while pages.len() < 256 {
                match reader.next_record().map_err(|e| format!("{name}: {e}"))? {
                    Some(rec) => match warc::page(&rec, reader.records()) {
                        Some(p) => pages.push(p),
                        None => skipped += 1,
                    },
                    None => {
                        done = true;
                        break;
                    }
                }
            }
            let job = |i: usize| {
                let mut part = Vec::new();
                let (article, _) = warc::article(&name, &pages[i]);
                article_jsonl(&rules, &article, &mut part);
                part
            };
            let parts = pool(pages.len(), threads, &job).map_err(|i| {
                format!(
                    "{}: internal error while extracting (a bug: please report it with this input)",
                    warc::page_doc(&name, &pages[i])
                )
            })?;
            out.extend(parts.concat());
        }
        Ok((out, skipped))
    });
    let (out, skipped) = result.map_err(PyValueError::new_err)?;
    Ok((PyBytes::new(py, &out), skipped))
}

/// The Python module `whosaid._whosaid`.
#[pymodule]
fn _whosaid(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Rules>()?;
    m.add("RulesError", m.py().get_type::<RulesError>())?;
    m.add_function(wrap_pyfunction!(extract_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(extract_warc_jsonl, m)?)?;
    Ok(())
}

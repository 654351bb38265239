//! Outputs through the command line: the metadata columns, the Excel
//! workbook (read back with calamine, and its sheet XML opened to check
//! the frozen header, filter, links and formats) and the review table.

// Tests may unwrap: a panic is a failed test with its reason.
#![allow(clippy::unwrap_used)]

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output};

const INPUTS: [&str; 3] = [
    "tests/pages/feed.jsonl",
    "tests/pages/header.txt",
    "tests/pages/no_quotes.txt",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn whosaid(args: &[&str], columns: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(root())
        .env("COLUMNS", columns)
        .output()
        .unwrap()
}

fn snapshot(name: &str, value: &str) {
    let settings = crate::support::snapshot_settings();
    settings.bind(|| insta::assert_snapshot!(name, value));
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("whosaid-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::DateTime(d) => serial_to_iso(d.as_f64()),
        other => format!("{other:?}"),
    }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`, with
/// ` HH:MM:SS` when it has a time of day (the civil-from-days algorithm).
fn serial_to_iso(serial: f64) -> String {
    let days = serial.floor() as i64;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    let z = days - 25_569 + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let date = format!("{y:04}-{m:02}-{d:02}");
    if secs == 0 {
        date
    } else {
        let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        format!("{date} {h:02}:{mi:02}:{s:02}")
    }
}

fn sheet_rows(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

fn zipped(path: &std::path::Path, member: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(member).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn xlsx_workbook_read_back() {
    let dir = temp_dir("xlsx");
    let path = dir.join("quotes.xlsx");
    let mut args = vec!["extract", "--format", "xlsx", "-o", path.to_str().unwrap()];
    args.extend(INPUTS);
    let out = whosaid(&args, "100");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());

    // The quotes sheet holds exactly what the CSV holds, cell by cell.
    let mut csv_args = vec!["extract", "--format", "csv"];
    csv_args.extend(INPUTS);
    let csv_out = whosaid(&csv_args, "100");
    let mut csv_rows: Vec<Vec<String>> = csv::Reader::from_reader(&csv_out.stdout[..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    csv_rows.insert(
        0,
        whosaid::output::CSV_HEADER
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Quotes", "Articles", "Speakers"]);
    let quotes = sheet_rows(&mut book, "Quotes");
    assert_eq!(quotes, csv_rows);
    // Dates are Excel dates (read back above as the CSV's text), not text.
    let date_col = whosaid::output::CSV_HEADER
        .iter()
        .position(|c| *c == "date")
        .unwrap();
    let range = book.worksheet_range("Quotes").unwrap();
    for row in 1..quotes.len() {
        let cell = range.get((row, date_col));
        assert!(
            matches!(cell, Some(Data::DateTime(_))),
            "row {row}: {cell:?}"
        );
    }
    // Speakers: most quoted first, each with its quotes and articles.
    let speakers = sheet_rows(&mut book, "Speakers");
    assert_eq!(
        speakers[0],
        ["speaker", "speaker_type", "quotes", "articles"]
    );
    let total: usize = speakers[1..]
        .iter()
        .map(|r| r[2].parse::<usize>().unwrap())
        .sum();
    let with_speaker = quotes[1..].iter().filter(|r| !r[2].is_empty()).count();
    assert_eq!(total, with_speaker);
    // Offsets are numbers, not text.
    assert!(matches!(
        book.worksheet_range("Quotes").unwrap().get((1, 8)),
        Some(Data::Float(_))
    ));

    // Every article is listed with its count, those without quotes too.
    let articles = sheet_rows(&mut book, "Articles");
    let counts: Vec<(String, String)> = articles[1..]
        .iter()
        .map(|r| (r[0].clone(), r[6].clone()))
        .collect();
    assert_eq!(
        counts,
        [
            ("np-1".to_string(), "2".to_string()),
            ("https://news.example.com/rail".into(), "1".into()),
            ("tests/pages/feed.jsonl:5".into(), "1".into()),
            ("tests/pages/header.txt".into(), "2".into()),
            ("tests/pages/no_quotes.txt".into(), "0".into()),
        ]
    );

    // Bold, frozen, filtered header; wide wrapped quotes; links.
    let sheet1 = zipped(&path, "xl/worksheets/sheet1.xml");
    let rows = quotes.len();
    assert!(sheet1.contains(r#"ySplit="1""#) && sheet1.contains(r#"state="frozen""#));
    assert!(
        sheet1.contains(&format!(r#"<autoFilter ref="A1:S{rows}"/>"#)),
        "{sheet1}"
    );
    assert!(sheet1.contains(r#"<col min="7" max="7" width="80"#));
    assert!(sheet1.contains(r#"<hyperlink ref="N2""#));
    let sheet2 = zipped(&path, "xl/worksheets/sheet2.xml");
    assert!(sheet2.contains(r#"<autoFilter ref="A1:G6"/>"#));
    assert!(sheet2.contains(r#"<hyperlink ref="C2""#));
    let styles = zipped(&path, "xl/styles.xml");
    assert!(styles.contains("<b/>") && styles.contains(r#"wrapText="1""#));

    // Written atomically: no temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["quotes.xlsx"]);

    let mut shown = String::new();
    for name in ["Quotes", "Articles", "Speakers"] {
        shown.push_str(&format!("== sheet {name}\n"));
        for row in sheet_rows(&mut book, name) {
            shown.push_str(&row.join(" | "));
            shown.push('\n');
        }
    }
    snapshot("formats_xlsx_cells", &shown);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn xlsx_to_stdout_is_a_usage_error() {
    let out = whosaid(
        &["extract", "--format", "xlsx", "tests/pages/header.txt"],
        "100",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o quotes.xlsx"));
}

#[test]
fn table_for_review() {
    let mut args = vec!["extract", "--format", "table"];
    args.extend(INPUTS);
    let out = whosaid(&args, "80");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    snapshot("formats_table_80", &text);
    for width in ["80", "50", "200"] {
        let out = whosaid(&args, width);
        let text = String::from_utf8(out.stdout).unwrap();
        let w: usize = width.parse().unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= w, "wider than {w}: {line:?}");
        }
        assert!(text.contains("== tests/pages/no_quotes.txt (0 quotes)"));
    }
    // A wide terminal shows whole quotes; a narrow one cuts them.
    let wide = String::from_utf8(whosaid(&args, "200").stdout).unwrap();
    assert!(wide.contains("We have a deal that respects our members,"));
    let narrow = String::from_utf8(whosaid(&args, "50").stdout).unwrap();
    assert!(!narrow.contains("We have a deal that respects our members,"));
    assert!(narrow.contains('…'));
}

#[test]
fn metadata_fields_are_null_when_unknown() {
    let out = whosaid(&["extract", "tests/pages/header.txt"], "100");
    let line = String::from_utf8(out.stdout).unwrap();
    let line = line.lines().next().unwrap();
    let first: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(first["url"], serde_json::Value::Null);
    assert_eq!(first["author"], "Jane Roe");
    // The metadata comes after the fields that were there before.
    // (`rfind`: the speaker object has a `title` of its own.)
    let at = |key: &str| line.rfind(&format!("\"{key}\":")).unwrap();
    let order: Vec<usize> = [
        "doc",
        "char_spans",
        "title",
        "url",
        "date",
        "outlet",
        "author",
    ]
    .iter()
    .map(|k| at(k))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{line}");
}

#[test]
fn xlsx_is_reproducible_with_source_date_epoch() {
    let dir = temp_dir("xlsx-epoch");
    let write = |name: &str| {
        let path = dir.join(name);
        let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
            .args(["extract", "--format", "xlsx", "-o", path.to_str().unwrap()])
            .arg("tests/pages/header.txt")
            .current_dir(root())
            .env("SOURCE_DATE_EPOCH", "1764000000")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        std::fs::read(path).unwrap()
    };
    let first = write("a.xlsx");
    // a second later, the workbook still says the time it was given
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = write("b.xlsx");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!first.is_empty());
    assert!(first == second, "two runs gave different workbooks");
}

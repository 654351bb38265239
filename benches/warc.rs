//! WARC reading throughput (decompress and parse, no extraction): a
//! `.warc.gz` of one gzip member per record, as Common Crawl writes them,
//! built in memory from ../shared/data/readability-pages repeated to about
//! 64 MB uncompressed. Counted bytes are uncompressed WARC bytes.
//! Run with `cargo bench --features bench --bench warc`.

// Benchmark code: the shared pages are there when it is run.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;
use whosaid::input::warc::{page, WarcReader};

fn main() {
    divan::main();
}

fn archive(target: usize) -> (Vec<u8>, Vec<u8>) {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/readability-pages"
    );
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).expect("readability pages").flatten() {
        if let Ok(b) = std::fs::read(e.path().join("source.html")) {
            pages.push(b);
        }
    }
    pages.sort();
    let (mut plain, mut gz) = (Vec::new(), Vec::new());
    let mut i = 0;
    while plain.len() < target {
        let html = &pages[i % pages.len()];
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        block.extend_from_slice(html);
        let mut rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nWARC-Target-URI: https://news.example/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        rec.extend_from_slice(&block);
        rec.extend_from_slice(b"\r\n\r\n");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&rec).unwrap();
        gz.extend(enc.finish().unwrap());
        plain.extend(rec);
        i += 1;
    }
    (plain, gz)
}

fn read_all(bytes: &[u8]) -> usize {
    let reader = WarcReader::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut pages = 0;
    for (n, rec) in reader.enumerate() {
        pages += usize::from(page(&rec.unwrap(), n + 1).is_some());
    }
    pages
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_warc_gz(b: divan::Bencher) {
    let (plain, gz) = archive(64 << 20);
    b.counter(divan::counter::BytesCount::new(plain.len()))
        .bench(|| read_all(&gz));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_warc_plain(b: divan::Bencher) {
    let (plain, _) = archive(64 << 20);
    b.counter(divan::counter::BytesCount::new(plain.len()))
        .bench(|| read_all(&plain));
}

//! An Apple Health export read in blocks (`parse_reader`) gives exactly what the byte path
//! gives: items, warnings, errors and content hash, however the reader cuts the bytes.

use std::io::{BufRead, Read};
use std::path::Path;

use myo_import::{content_hash, parse_reader, parse_with, ErrorKind, Options, HEAD_BYTES};

use crate::bytes;

/// A reader that hands out at most `size` bytes at a time.
struct Chunks<'a> {
    data: &'a [u8],
    size: usize,
    /// Fail once this many bytes were read.
    fail_at: Option<usize>,
    read: usize,
}

fn chunks(data: &[u8], size: usize) -> Chunks<'_> {
    Chunks {
        data,
        size,
        fail_at: None,
        read: 0,
    }
}

impl Read for Chunks<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Chunks<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.fail_at.is_some_and(|at| self.read >= at) {
            return Err(std::io::Error::other("the disk went away"));
        }
        Ok(&self.data[..self.data.len().min(self.size)])
    }

    fn consume(&mut self, n: usize) {
        self.data = &self.data[n..];
        self.read += n;
    }
}

/// The fixture with a comment of many lines after the root's start tag: larger than the head
/// `detect` reads, so it is streamed; the comment changes no item and no warning.
fn large_export() -> Vec<u8> {
    let text = String::from_utf8(bytes("apple/export.xml")).unwrap();
    let at = text.find("<HealthData").unwrap();
    let at = at + text[at..].find('>').unwrap() + 1;
    let padding = "\n<!-- padding: Ünïcödé so that blocks cut characters -->".repeat(3000);
    let out = format!("{}{padding}{}", &text[..at], &text[at..]);
    assert!(out.len() > 2 * HEAD_BYTES);
    out.into_bytes()
}

/// The streamed parse of `data` cut every `size` bytes against the byte path.
fn check(data: &[u8], size: usize, streamed: bool) {
    let path = Path::new("export.xml");
    let opts = Options::default();
    let whole = parse_with(path, data, &opts);
    let read = parse_reader(path, chunks(data, size), &opts);
    match (&whole, &read) {
        (Ok(w), Ok(r)) => {
            assert_eq!(&r.imported, w, "cut every {size} bytes");
            assert_eq!(r.hash, content_hash(data));
            assert_eq!(r.bytes, data.len() as u64);
            assert_eq!(r.streamed, streamed);
        }
        (Err(w), Err(r)) => assert_eq!(r, w, "cut every {size} bytes"),
        _ => panic!(
            "cut every {size} bytes: the byte path gives {whole:?}, the reader {:?}",
            read.map(|r| r.imported)
        ),
    }
}

#[test]
fn a_streamed_export_gives_the_same_items_warnings_and_hash() {
    let data = large_export();
    let whole = parse_with(Path::new("export.xml"), &data, &Options::default()).unwrap();
    let small = myo_import::parse(Path::new("export.xml"), &bytes("apple/export.xml")).unwrap();
    assert_eq!(whole, small, "the padding changes nothing");
    for size in [7, 1, 4096, 8192, usize::MAX] {
        check(&data, size, true);
    }
    // A file smaller than the head is read whole.
    check(&bytes("apple/export.xml"), 7, false);
}

#[test]
fn a_streamed_export_after_byte_order_marks_is_read_the_same() {
    let data = ["\u{feff}\u{feff}".as_bytes(), &large_export()].concat();
    check(&data, 7, true);
    check(&data, usize::MAX, true);
}

#[test]
fn a_truncated_or_malformed_stream_fails_as_the_bytes_do() {
    let data = large_export();
    let text = String::from_utf8(data.clone()).unwrap();
    let late = text.rfind("<Record").unwrap();
    let mut cases: Vec<Vec<u8>> = Vec::new();
    // Cut in the middle of the padding, inside the last record, before the root's end.
    for cut in [
        HEAD_BYTES + 1000,
        late + 20,
        text.rfind("</HealthData").unwrap(),
    ] {
        cases.push(data[..cut].to_vec());
    }
    // A stray end tag late in the file: an XML error naming its line.
    cases.push(format!("{}</Nope>{}", &text[..late], &text[late..]).into_bytes());
    // Not UTF-8 after the head: the same "not text" as the byte path.
    let mut bad = data.clone();
    bad.insert(late, 0xff);
    cases.push(bad);
    // Unclosed: no workout, night or morning read yet.
    cases.push(data[..HEAD_BYTES + 10].to_vec());
    for case in &cases {
        check(case, 7, true);
        check(case, usize::MAX, true);
    }
    let broken = parse_reader(
        Path::new("export.xml"),
        chunks(&cases[3], 7),
        &Default::default(),
    )
    .unwrap_err();
    assert!(matches!(broken.kind, ErrorKind::Xml(_)), "{broken}");
    let line = text[..late].matches('\n').count() + 1;
    assert!(line > 3000);
    assert!(
        broken
            .to_string()
            .starts_with(&format!("export.xml:{line}: ")),
        "{broken}"
    );
}

#[test]
fn a_failing_reader_is_a_read_error_naming_the_file() {
    let data = large_export();
    for at in [10, HEAD_BYTES + 500] {
        let mut r = chunks(&data, 7);
        r.fail_at = Some(at);
        let e = parse_reader(Path::new("export.xml"), r, &Options::default()).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Read(_)), "{e}");
        assert!(e.to_string().starts_with("export.xml: "), "{e}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Any cut of a large export with any bytes spliced in: the reader path agrees with the
    /// byte path, item for item and error for error.
    #[test]
    fn any_damage_gives_the_same_answer_streamed(
        cut in 0.0..1.0f64,
        keep in 0.0..1.0f64,
        junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        size in 1usize..64,
    ) {
        let data = large_export();
        let at = HEAD_BYTES + ((data.len() - HEAD_BYTES) as f64 * cut) as usize;
        let resume = at + ((data.len() - at) as f64 * keep) as usize;
        let damaged = [&data[..at], &junk, &data[resume..]].concat();
        check(&damaged, size, true);
    }
}

//! Parsing from a reader: an Apple Health export (hundreds of MB to several GB) is read in
//! blocks, its content hash computed as it goes, so the memory is what is kept, not the file.
//! Formats whose readers need the whole input are read whole and take the byte path.

use std::io::{BufRead, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{ErrorKind, ImportError};
use crate::{apple, content_hash, detect, finish, hex, parse_with, Format, Imported, Options};

/// The first bytes [`detect`] looks at (64 KiB), and a few more that keep a character cut at
/// that boundary whole. A caller choosing between the byte path and [`parse_reader`] reads as
/// many.
pub const HEAD_BYTES: usize = 64 * 1024 + 4;

/// A file parsed from a reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Streamed {
    pub imported: Imported,
    /// [`content_hash`] of every byte read: equal to the hash of the whole file's bytes.
    pub hash: String,
    /// How many bytes were read.
    pub bytes: u64,
    /// Whether it was read in blocks (an Apple Health export) rather than whole.
    pub streamed: bool,
}

/// Parses one file from `input`, with `path` naming it in messages (it is not opened).
///
/// The format is detected from the first [`HEAD_BYTES`]. An Apple Health export is then read
/// in blocks; any other format is read whole and parsed as [`parse_with`] does. Items, warnings,
/// errors and hash are those of [`parse_with`] and [`content_hash`] over the same bytes, however
/// the reader splits them. A read failure is [`ErrorKind::Read`].
pub fn parse_reader<R: BufRead>(
    path: &Path,
    input: R,
    opts: &Options,
) -> Result<Streamed, ImportError> {
    let mut input = Tally::new(input);
    let read_err = |e: std::io::Error| ImportError::new(path, None, ErrorKind::Read(e.to_string()));
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut input)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(read_err)?;
    let apple = head.len() == HEAD_BYTES && detect(path, &head) == Format::AppleHealth;
    if !apple {
        // Small, or a format read whole.
        let mut bytes = head;
        input.read_to_end(&mut bytes).map_err(read_err)?;
        let imported = parse_with(path, &bytes, opts)?;
        return Ok(Streamed {
            imported,
            hash: content_hash(&bytes),
            bytes: bytes.len() as u64,
            streamed: false,
        });
    }
    // Detection found the root past any byte-order marks, so they all lie in the head.
    let marks = head
        .chunks(3)
        .take_while(|c| *c == "\u{feff}".as_bytes())
        .count();
    let parsed = apple::parse(std::io::Cursor::new(&head[marks * 3..]).chain(&mut input));
    // What the parser left unread still counts for the hash and the text check.
    let rest = std::io::copy(&mut input, &mut std::io::sink());
    if let Some(e) = input.error.take() {
        return Err(ImportError::new(path, None, ErrorKind::Read(e)));
    }
    rest.map_err(read_err)?;
    if !input.utf8.valid() {
        return Err(ImportError::new(path, None, ErrorKind::NotText));
    }
    let (items, warnings, n) = parsed.map_err(|f| ImportError::new(path, f.location, f.kind))?;
    Ok(Streamed {
        imported: finish(Format::AppleHealth, items, warnings, n),
        hash: hex(input.hash.finalize()),
        bytes: input.bytes,
        streamed: true,
    })
}

/// The input as it is consumed: hashed, counted, checked to be UTF-8, its first error kept.
struct Tally<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
    utf8: Utf8,
    error: Option<String>,
}

impl<R: BufRead> Tally<R> {
    fn new(inner: R) -> Self {
        Tally {
            inner,
            hash: Sha256::new(),
            bytes: 0,
            utf8: Utf8::default(),
            error: None,
        }
    }
}

impl<R: BufRead> Read for Tally<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        crate::xml::read_buffered(self, out)
    }
}

impl<R: BufRead> BufRead for Tally<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        match self.inner.fill_buf() {
            Ok(buf) => Ok(buf),
            Err(e) => {
                if self.error.is_none() && e.kind() != std::io::ErrorKind::Interrupted {
                    self.error = Some(e.to_string());
                }
                Err(e)
            }
        }
    }

    fn consume(&mut self, n: usize) {
        if n > 0 {
            // The bytes are still in the inner buffer: asking for it again reads nothing.
            if let Ok(buf) = self.inner.fill_buf() {
                let done = &buf[..n.min(buf.len())];
                self.hash.update(done);
                self.utf8.feed(done);
            }
        }
        self.bytes += n as u64;
        self.inner.consume(n);
    }
}

/// UTF-8 checked block by block: a character cut between blocks is completed by the next.
#[derive(Default)]
struct Utf8 {
    /// The start of a character cut at the end of the last block (at most 3 bytes).
    pending: Vec<u8>,
    bad: bool,
}

impl Utf8 {
    fn feed(&mut self, mut block: &[u8]) {
        if self.bad {
            return;
        }
        while !self.pending.is_empty() {
            let Some((first, rest)) = block.split_first() else {
                return;
            };
            self.pending.push(*first);
            block = rest;
            match std::str::from_utf8(&self.pending) {
                Ok(_) => self.pending.clear(),
                Err(e) if e.error_len().is_some() => {
                    self.bad = true;
                    return;
                }
                Err(_) => {}
            }
        }
        if let Err(e) = std::str::from_utf8(block) {
            match e.error_len() {
                Some(_) => self.bad = true,
                None => self.pending.extend_from_slice(&block[e.valid_up_to()..]),
            }
        }
    }

    fn valid(&self) -> bool {
        !self.bad && self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Utf8;

    #[test]
    fn utf8_checked_across_any_cut() {
        let text = "Lauf am Morgen — 5 km, Ø 151 bpm 🏃".as_bytes();
        for size in 1..8 {
            let mut u = Utf8::default();
            text.chunks(size).for_each(|c| u.feed(c));
            assert!(u.valid(), "cut every {size} bytes");
            let mut cut = Utf8::default();
            text[..text.len() - 1]
                .chunks(size)
                .for_each(|c| cut.feed(c));
            assert!(
                !cut.valid(),
                "a character cut at the end, every {size} bytes"
            );
            let mut bad = Utf8::default();
            [&text[..5], &[0xff], &text[5..]]
                .concat()
                .chunks(size)
                .for_each(|c| bad.feed(c));
            assert!(!bad.valid());
        }
    }
}

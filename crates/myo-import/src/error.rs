//! Errors: which file, where in it, and what kind of problem. One file's error never stops the
//! others; the caller collects them into its summary.

use std::fmt;
use std::path::PathBuf;

/// A file that could not be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{}: {kind}", path.display(), location.as_ref().map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ImportError {
    pub path: PathBuf,
    /// Where in the file, when known.
    pub location: Option<Location>,
    pub kind: ErrorKind,
}

/// A place in a file, in the terms of its format.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// A byte offset (binary formats), with the number of data messages decoded before it.
    Byte { offset: usize, message: usize },
    /// A 1-based line (text formats), optionally with a column name or number.
    Line { line: usize, column: Option<String> },
    /// A 1-based entry of a JSON array (one-line exports), optionally with its field.
    Entry { index: usize, field: Option<String> },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Byte { offset, message } => {
                write!(f, "byte {offset} (after {message} messages)")
            }
            Location::Line { line, column: None } => write!(f, "{line}"),
            Location::Line {
                line,
                column: Some(c),
            } => write!(f, "{line}: column \"{c}\""),
            Location::Entry { index, field: None } => write!(f, "entry {index}"),
            Location::Entry {
                index,
                field: Some(k),
            } => write!(f, "entry {index}: field \"{k}\""),
        }
    }
}

/// What went wrong. The variants are stable so tests and the CLI summary can match on them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ErrorKind {
    #[error("unrecognised format ({0})")]
    UnknownFormat(String),
    #[error("bad FIT header: {0}")]
    FitHeader(String),
    #[error(
        "FIT checksum mismatch in the {part} (file says {stored:#06x}, data gives {computed:#06x})"
    )]
    FitCrc {
        /// "header" or "data".
        part: &'static str,
        stored: u16,
        computed: u16,
    },
    #[error("the file ends early ({decoded_messages} data messages decoded before the end)")]
    Truncated { decoded_messages: usize },
    #[error("FIT decoding failed: {0}")]
    FitDecode(String),
    /// The FIT decoder panicked; caught at the boundary so one file cannot stop an import.
    #[error("the FIT decoder failed on malformed data ({0})")]
    DecoderPanic(String),
    #[error("malformed XML: {0}")]
    Xml(String),
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("the file is not UTF-8 text")]
    NotText,
    #[error("unknown CSV layout (columns: {columns}); see docs/import.md for the layouts read, or use the generic CSV")]
    UnknownCsvLayout { columns: String },
    #[error("bad value {value:?}: {message}")]
    BadValue { value: String, message: String },
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("nothing to import: {0}")]
    NoData(String),
    /// The input failed while it was read in blocks ([`crate::parse_reader`]).
    #[error("the file could not be read: {0}")]
    Read(String),
}

impl ImportError {
    pub(crate) fn new(
        path: impl Into<PathBuf>,
        location: Option<Location>,
        kind: ErrorKind,
    ) -> Self {
        ImportError {
            path: path.into(),
            location,
            kind,
        }
    }
}

/// An error before the path is attached (from the format-level functions such as
/// [`crate::fit::decode`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub location: Option<Location>,
    pub kind: ErrorKind,
}

impl Failure {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Failure {
            location: None,
            kind,
        }
    }
    pub(crate) fn at(location: Location, kind: ErrorKind) -> Self {
        Failure {
            location: Some(location),
            kind,
        }
    }
    pub(crate) fn line(line: usize, column: Option<&str>, kind: ErrorKind) -> Self {
        Failure::at(
            Location::Line {
                line,
                column: column.map(str::to_string),
            },
            kind,
        )
    }
}

impl From<ErrorKind> for Failure {
    fn from(kind: ErrorKind) -> Self {
        Failure::new(kind)
    }
}

//! Errors of the analytics. Data problems are values, never panics or NaN.

/// Why a computation could not produce a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricsError {
    /// The series has no usable value at all (empty, or every beat was an artefact).
    #[error("no usable data: {0}")]
    NoData(String),
    /// Too few values for this metric to mean anything.
    #[error("too few values for {metric}: have {have}, need at least {need}")]
    TooFew {
        metric: &'static str,
        have: usize,
        need: usize,
    },
    /// A value outside the domain of the formula (negative duration, HRmax ≤ HRrest, NaN...).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The data cannot identify a model parameter (few tests, flat loads, collinear components).
    #[error("not identifiable: {0}")]
    NotIdentifiable(String),
}

/// A malformed row in a text input; `line` is 1-based so it can be shown as `file:line`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// Checks that every value is finite; NaN and infinities would poison every mean after them.
pub(crate) fn ensure_finite(values: &[f64], what: &str) -> Result<(), MetricsError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(MetricsError::Invalid(format!(
            "{what}[{i}] is not a finite number"
        ))),
        None => Ok(()),
    }
}

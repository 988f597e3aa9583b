//! Exit codes and the one place errors are printed.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the command failed for another reason (I/O, internal) |
//! | 2 | bad input: arguments, scenario or data file (the message names file, line and field) |

use std::fmt;
use std::io::ErrorKind;
use std::process::ExitCode;

pub const OK: u8 = 0;
pub const FAILURE: u8 = 1;
pub const BAD_INPUT: u8 = 2;

/// An error caused by the user's input; exits with [`BAD_INPUT`]. The message is complete
/// (file, line, field) and printed as it is.
#[derive(Debug)]
pub struct BadInput(pub String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Prints the error once and maps it to an exit code. A closed pipe is not an error.
pub fn report(result: anyhow::Result<()>) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::from(OK);
    };
    if let Some(io) = err.downcast_ref::<std::io::Error>() {
        if io.kind() == ErrorKind::BrokenPipe {
            return ExitCode::from(OK);
        }
    }
    if let Some(bad) = err.downcast_ref::<BadInput>() {
        eprintln!("error: {bad}");
        return ExitCode::from(BAD_INPUT);
    }
    eprintln!("error: {err:#}");
    ExitCode::from(FAILURE)
}

//! End-to-end tests of the `myo` binary: one test binary, one module per command.

mod architecture;
mod hrv;
mod import;
mod import_stream;
mod load;
mod logbook;
mod personal;
mod plan;
mod same_answers;
mod simulate;
mod time_zone;
mod validation;
mod wearables;

/// The built `myo` binary.
pub fn myo() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_myo"))
}

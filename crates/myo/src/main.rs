//! The `myo` binary: argument parsing and printing only; the work happens in the library crates.

mod cmd;
mod exit;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// myo: a local-first muscle recovery engine.
#[derive(Parser)]
#[command(name = "myo", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the recovery model over a scenario file.
    Simulate(cmd::simulate::Args),
    /// The plan for one day: what to train, recover and eat, with reasons.
    Plan(cmd::plan::Args),
    /// Training load from a CSV: fitness, fatigue, form, ratios, monotony.
    Load(cmd::load::Args),
    /// HRV metrics from RR intervals, or baselines and verdicts from a daily HRV CSV.
    Hrv(cmd::hrv::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout with success; usage errors exit 2.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::OK
            });
        }
    };
    let result = match cli.command {
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Plan(args) => cmd::plan::run(args),
        Command::Load(args) => cmd::load::run(args),
        Command::Hrv(args) => cmd::hrv::run(args),
    };
    exit::report(result)
}

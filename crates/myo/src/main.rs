//! The `myo` binary: argument parsing and printing only; the work happens in the library crates.

mod cmd;
mod exit;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// myo: a local-first muscle recovery engine.
#[derive(Parser)]
#[command(
    name = "myo",
    version,
    about,
    long_about = None,
    after_help = "Keeping a log (SQLite in the data directory by default; --database or MYO_DATABASE_URL for another file or PostgreSQL):
  myo athlete add ann --sex female --age 29 --mass 61 --status trained
  myo log strength \"Barbell Squat\" 5x5@100kg --rpe 8
  myo log sleep 7.5h --quality 4
  myo status
  myo forecast quadriceps

Exit codes: 0 success, 1 failure (I/O, database, internal), 2 bad input (arguments, scenario or data)."
)]
struct Cli {
    #[command(flatten)]
    log: cmd::store::LogOpts,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the recovery model over a scenario file.
    Simulate(cmd::simulate::Args),
    /// The plan for one day: what to train, recover and eat, with reasons.
    Plan(cmd::plan::Args),
    /// Athletes: add, list, show, edit, remove.
    Athlete(cmd::athlete::Args),
    /// Log what you did: training, treatments, sleep, food, how you feel.
    Log(cmd::log::LogArgs),
    /// Change a logged event by id.
    Edit(cmd::log::EditArgs),
    /// Delete logged events by id.
    Delete(cmd::log::DeleteArgs),
    /// The log, with filters.
    History(cmd::log::HistoryArgs),
    /// How you stand now: every muscle group and the whole body.
    Status(cmd::ask::StatusArgs),
    /// Readiness over the coming days.
    Forecast(cmd::ask::ForecastArgs),
    /// The log plus hypothetical events, against the log alone.
    Whatif(cmd::ask::WhatifArgs),
    /// Export everything (JSON), CSV per kind, or a scenario file.
    Export(cmd::export::ExportArgs),
    /// Import device files and app exports (FIT, TCX, GPX, CSV) into the log, once each.
    Import(cmd::import::Args),
    /// Import a `myo export` JSON file into an empty database.
    ImportExport(cmd::export::ImportArgs),
    /// Copy the SQLite database while it is in use.
    Backup(cmd::export::BackupArgs),
    /// Check the database's integrity and that every stored event is valid.
    Check(cmd::export::CheckArgs),
    /// Shell completions: bash, zsh, fish, elvish, powershell.
    Completions(cmd::completions::Args),
    /// Training load from a CSV: fitness, fatigue, form, ratios, monotony.
    Load(cmd::load::Args),
    /// HRV metrics from RR intervals, or baselines and verdicts from a daily HRV CSV.
    Hrv(cmd::hrv::Args),
    /// Serve myo in a browser: dashboards, logging, accounts, coaches and the REST API.
    Serve(cmd::serve::ServeArgs),
    /// Administer web accounts.
    Admin(cmd::admin::AdminArgs),
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
    let opts = &cli.log;
    let result = match cli.command {
        Command::Simulate(args) => cmd::simulate::run(args, opts.json),
        Command::Plan(args) => cmd::plan::run(args, opts),
        Command::Athlete(args) => cmd::athlete::run(args, opts),
        Command::Log(args) => cmd::log::log(args, opts),
        Command::Edit(args) => cmd::log::edit(args, opts),
        Command::Delete(args) => cmd::log::delete(args, opts),
        Command::History(args) => cmd::log::history(args, opts),
        Command::Status(args) => cmd::ask::status(args, opts),
        Command::Forecast(args) => cmd::ask::forecast(args, opts),
        Command::Whatif(args) => cmd::ask::whatif(args, opts),
        Command::Export(args) => cmd::export::export(args, opts),
        Command::Import(args) => cmd::import::run(args, opts),
        Command::ImportExport(args) => cmd::export::import(args, opts),
        Command::Backup(args) => cmd::export::backup(args, opts),
        Command::Check(args) => cmd::export::check(args, opts),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
        Command::Load(args) => cmd::load::run(args, opts.json),
        Command::Hrv(args) => cmd::hrv::run(args, opts.json),
        Command::Serve(args) => cmd::serve::run(args, opts),
        Command::Admin(args) => cmd::admin::run(args, opts),
    };
    exit::report(result)
}

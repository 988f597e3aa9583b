//! `myo plan SCENARIO.toml [--date D]`: the advisor's plan for one day.

use std::path::PathBuf;

/// The plan for one day.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo plan examples/lifters-week.toml
  myo plan examples/match-and-recovery.toml --date 2026-01-06 --format json")]
pub struct Args {
    /// The scenario file (TOML, see spec/scenario.md).
    pub file: PathBuf,
    /// The day to plan (YYYY-MM-DD, or an offset such as +2d) [default: the day of the last event].
    #[arg(long, allow_hyphen_values = true)]
    pub date: Option<String>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<super::simulate::Format>,
}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("myo plan is not built yet")
}

//! `myo import PATH…`: device files and app exports into the athlete's log, once each.

use std::path::PathBuf;

/// Import files and folders.
#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(_args: Args, _opts: &super::store::LogOpts) -> anyhow::Result<()> {
    anyhow::bail!("myo import is not wired yet")
}

//! (being written)

/// Arguments (being written).
#[derive(clap::Args)]
pub struct Args {
    /// Input file.
    pub file: std::path::PathBuf,
}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("not yet available")
}

//! One module per subcommand: each has `Args` (clap) and `run(Args) -> anyhow::Result<()>`.

pub mod hrv;
pub mod load;
pub mod plan;
pub mod simulate;

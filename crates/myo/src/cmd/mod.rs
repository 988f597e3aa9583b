//! One module per subcommand: each has `Args` (clap) and `run(Args) -> anyhow::Result<()>`.

pub mod admin;
pub mod ask;
pub mod athlete;
pub mod completions;
pub mod export;
pub mod hrv;
pub mod import;
pub mod load;
pub mod log;
pub mod plan;
pub mod serve;
pub mod simulate;
pub mod store;

//! `myo completions SHELL`: shell completion scripts.

/// Print a completion script for a shell.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo completions bash > ~/.local/share/bash-completion/completions/myo
  myo completions zsh > ~/.zfunc/_myo
  myo completions fish > ~/.config/fish/completions/myo.fish")]
pub struct Args {
    pub shell: clap_complete::Shell,
}

pub fn run(args: Args, mut command: clap::Command) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "myo", &mut out);
    Ok(())
}

//! `myo serve`: the web app on the embedded store (or `--database`), until Ctrl-C or SIGTERM.

use anyhow::Context as _;

use super::store::{self as st, LogOpts, OrBad};

/// Serve myo in a browser: dashboards, logging, accounts, coaches' rosters and the REST API.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo serve
  myo serve --bind 0.0.0.0:8080 --database postgres://myo@localhost/myo --behind-tls
  myo admin create-user coach@example.org --role coach   # the first account")]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub bind: String,
    /// The server is reached over HTTPS (a TLS proxy in front): Secure cookies and HSTS.
    #[arg(long)]
    pub behind_tls: bool,
    /// Only `myo admin create-user` makes accounts (no sign-up page).
    #[arg(long)]
    pub no_signup: bool,
    /// A reverse proxy in front sets X-Forwarded-For: rate-limit sign-ins by the address it
    /// appended rather than by the socket's (the proxy's). Without a proxy this would let
    /// anyone choose their own address.
    #[arg(long)]
    pub trust_proxy: bool,
    /// Database connections in the pool.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub connections: u32,
}

pub fn run(args: ServeArgs, opts: &LogOpts) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MYO_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let clock = match std::env::var("MYO_NOW") {
        Ok(_) => myo_web::Clock::Fixed(st::now_ms()?),
        Err(_) => myo_web::Clock::System(system_now_ms),
    };
    let url = st::database_url(opts)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let store = myo_store::Store::open_with(
            &url,
            &myo_store::OpenOptions {
                max_connections: Some(args.connections.max(1)),
                read_only: st::sqlite_not_writable(&url),
                ..myo_store::OpenOptions::default()
            },
        )
        .await
        .bad_arg("--database")?;
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .with_context(|| format!("--bind {}", args.bind))?;
        let addr = listener.local_addr()?;
        tracing::info!(%addr, database = %myo_store::redact(&url), "myo serving on http://{addr}");
        let state = myo_web::AppState::new(
            store,
            myo_web::Config {
                tls: args.behind_tls,
                open_signup: !args.no_signup,
                trust_proxy: args.trust_proxy,
                ..myo_web::Config::new(clock)
            },
        );
        myo_web::serve(listener, state).await?;
        anyhow::Ok(())
    })
}

/// The system clock, ms since the epoch: the web reads time only through this.
fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

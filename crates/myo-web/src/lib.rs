//! myo in a browser: server-rendered HTML pages, a REST API under `/api/v1`, accounts,
//! sessions and coach links, all served by one [`app`] router over a [`myo_store::Store`].
//!
//! - [`AppState`]: the store, the clock, caches and the sign-in rate limit.
//! - [`app`]: every route with its security headers and size limits; tests drive it with
//!   `tower::ServiceExt::oneshot`, no socket needed.
//! - [`serve`]: serves with connection limits ([`HEADER_READ_TIMEOUT`], [`MAX_CONNECTIONS`],
//!   [`REQUEST_TIMEOUT`]) and shuts down gracefully on Ctrl-C or SIGTERM; it computes the
//!   answers of the athletes coaches follow at start ([`roster::warm_up`]) and, on the system
//!   clock, keeps those of athletes viewed lately computed ahead ([`data::refresh`]).
//!
//! Handlers are adapters like the CLI's commands: they read the log through `myo_store`,
//! ask `myo_app` and render. Only this crate knows HTTP.

pub mod answer;
pub mod api;
pub mod auth;
pub mod bodymap;
pub mod chart;
pub mod data;
pub mod error;
pub mod forecast;
pub mod import;
pub mod openapi;
pub mod pages;
pub mod roster;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use myo_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;

/// Where "now" comes from: a clock the binary supplies (ms since the epoch; the library
/// reads none itself), or a fixed time (reproducible tests and demos).
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System(fn() -> i64),
    Fixed(i64),
}

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    pub clock: Clock,
    /// Behind TLS: `Secure` cookies and HSTS.
    pub tls: bool,
    /// Whether anyone may sign up (otherwise only `myo admin create-user`).
    pub open_signup: bool,
    /// A proxy in front sets `X-Forwarded-For`: the sign-in rate limit keys on the address
    /// it appended instead of the socket's (which is the proxy's).
    pub trust_proxy: bool,
    /// How long a roster waits for rows being brought up to date before it shows their last
    /// saved state instead (see [`roster`]).
    pub roster_wait_ms: u64,
}

impl Config {
    /// The defaults, with `clock` (there is no default clock: the library reads none).
    pub fn new(clock: Clock) -> Self {
        Config {
            clock,
            tls: false,
            open_signup: true,
            trust_proxy: false,
            roster_wait_ms: 100,
        }
    }
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub cache: Arc<data::Cache>,
    /// Throttle refusals this process remembers (the counts are the store's).
    pub refusals: Arc<auth::Refusals>,
    /// This process's name in the store's work claims (unique per start).
    pub holder: Arc<str>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            store,
            config: Arc::new(config),
            cache: Arc::default(),
            refusals: Arc::default(),
            holder: format!("{}-{}", std::process::id(), &auth::secret()[..12]).into(),
        }
    }

    pub fn now_ms(&self) -> i64 {
        match self.config.clock {
            Clock::Fixed(ms) => ms,
            Clock::System(now_ms) => now_ms(),
        }
    }
}

/// The largest request body: an import file.
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Content Security Policy: everything from this origin only, no inline scripts or styles.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every route.
pub fn app(state: AppState) -> Router {
    let hsts = state.config.tls;
    let router = Router::new()
        .merge(pages::routes())
        .route("/coach", get(roster::roster))
        .route("/coach/invite", post(roster::invite))
        .route("/coach/athletes/{user}/drop", post(roster::drop_athlete))
        .nest("/api", api::routes())
        .fallback(|| async { error::WebError::NotFound })
        .with_state(state.clone())
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state,
            error::friendly_errors,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let router = if hsts {
        router.layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router.layer(tower_http::trace::TraceLayer::new_for_http())
}

/// How long a client may take to send a request's headers; also how long an idle keep-alive
/// connection stays open (hyper's timer runs while it waits for the next request). Slow or
/// half-sent headers (slowloris) are closed after this.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one request may take from its headers to the answer (an upload included):
/// answered 408 after it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The most connections served at once; more wait in the listen backlog, costing no
/// descriptor of ours.
pub const MAX_CONNECTIONS: usize = 512;

/// The largest request head (request line and headers), bytes, and the most headers.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
pub const MAX_HEADERS: usize = 64;

/// How long a shutdown waits for requests in flight; idle connections end at once.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The limits of [`serve_with`] (the defaults are the constants above; tests shorten them).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_with(listener, state, Limits::default(), shutdown_signal()).await
}

/// Serves `app` on `listener` with `limits` until `shutdown` completes; then idle connections
/// end at once and requests in flight get `limits.shutdown_grace` to finish.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let warm = tokio::spawn(roster::warm_up(state.clone()));
    let system_clock = matches!(state.config.clock, Clock::System(_));
    let refresher = system_clock.then(|| tokio::spawn(data::refresh(state.clone())));
    let forgetter = system_clock.then(|| tokio::spawn(auth::forget_old_tries(state.clone())));
    let app = app(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(MAX_HEADER_BYTES)
        .max_headers(MAX_HEADERS);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut connections = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A free slot first: over the cap, connections wait in the kernel's backlog.
        let permit = tokio::select! {
            () = &mut shutdown => break,
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, address) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or a reset before accept: wait, then go on.
                    tracing::warn!(error = %e, "accept");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(address));
                tower::ServiceExt::oneshot(app.clone(), request)
            },
        );
        let connection =
            graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        connections.spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection");
            }
            drop(permit);
        });
        while connections.try_join_next().is_some() {}
    }
    tracing::info!(connections = graceful.count(), "shutting down");
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running after the grace period were ended");
    }
    connections.shutdown().await;
    warm.abort();
    for task in refresher.into_iter().chain(forgetter) {
        task.abort();
    }
    store.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

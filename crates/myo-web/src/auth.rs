//! Who is asking: session cookies (random 256-bit secrets, stored hashed), API bearer tokens,
//! CSRF tokens, argon2 password hashes and the sign-in rate limit.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};
use myo_store::User;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::WebError;
use crate::AppState;

pub const COOKIE: &str = "myo_session";

/// The session cookie's name: `__Host-` behind TLS, so that the browser keeps it to this
/// host, secure and for every path (no sibling subdomain can plant or shadow it).
pub fn cookie_name(tls: bool) -> &'static str {
    if tls {
        "__Host-myo_session"
    } else {
        COOKIE
    }
}
/// How long a session lasts.
pub const SESSION_MS: i64 = 14 * 24 * 3_600_000;
pub const MIN_PASSWORD: usize = 10;
/// How long a new API token lasts unless its owner chooses (days), and at most.
pub const TOKEN_DAYS: i64 = 90;
pub const TOKEN_DAYS_MAX: i64 = 365;

/// A random 256-bit secret as hex.
pub fn secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Recovery codes made at once, and how long an administrator's reset link lasts.
pub const RECOVERY_CODES: usize = 8;
pub const RESET_LINK_HOURS: i64 = 24;

/// A recovery code people can copy: 16 random letters and digits (80 bits) in groups of four,
/// without look-alikes (no 0/o, 1/l/i).
pub fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What the store keeps of a recovery code as typed: spaces and dashes dropped, lower case.
pub fn recovery_code_hash(typed: &str) -> String {
    let clean: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    token_hash(&format!("recovery {clean}"))
}

/// What the database keeps of a secret.
pub fn token_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Constant-time comparison of two tokens.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The least zxcvbn score a new password needs (0–4; 3: about 10^10 guesses, safe against
/// online guessing and a slow offline attack on the argon2 hash).
pub const MIN_PASSWORD_SCORE: u8 = 3;
/// The longest password accepted (argon2 hashes any length; this bounds the work per try).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A new password: at least [`MIN_PASSWORD`] characters, at most [`MAX_PASSWORD_BYTES`], and
/// hard enough to guess ([`MIN_PASSWORD_SCORE`] by zxcvbn, given the account's `words`: the
/// email and name, which make a password easy for whoever knows them).
pub fn check_password_rules(password: &str) -> Result<(), WebError> {
    check_password(password, &[])
}

pub fn check_password(password: &str, words: &[&str]) -> Result<(), WebError> {
    if password.chars().count() < MIN_PASSWORD || password.len() > MAX_PASSWORD_BYTES {
        return Err(WebError::bad(
            "password",
            format!("use at least {MIN_PASSWORD} characters"),
        ));
    }
    let mut inputs: Vec<&str> = words.iter().copied().filter(|w| !w.is_empty()).collect();
    inputs.extend(["myo", "password", "recovery", "muscle"]);
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(estimate.score()) < MIN_PASSWORD_SCORE {
        let mut why = String::from("too easy to guess");
        if let Some(feedback) = estimate.feedback() {
            if let Some(w) = feedback.warning() {
                why.push_str(&format!(
                    " ({})",
                    w.to_string().trim_end_matches('.').to_lowercase()
                ));
            }
        }
        why.push_str(
            ": use four or more unrelated words, or a longer mix; \
             avoid names, dates, keyboard rows and repeats",
        );
        return Err(WebError::bad("password", why));
    }
    Ok(())
}

/// Argon2id with the crate's default parameters, off the async threads.
pub async fn hash_password(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| WebError::Internal(format!("hashing: {e}")))
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
}

/// A hash of a password nobody has, so that an unknown email costs as much as a wrong
/// password (no timing oracle for which emails have accounts).
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(secret().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| dummy_hash().to_string());
        let ok = PasswordHash::new(&hash)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// Tries of a password (or another guarded form) per account and client address a minute.
pub const ATTEMPTS_PER_MINUTE: i64 = 10;
/// Tries from one client address a minute, whatever the account (spraying many accounts).
pub const SOURCE_ATTEMPTS_PER_MINUTE: i64 = 20;
/// Tries on one account an hour from every address together: past it the account is under
/// attack from many addresses, and an address that tried it in the last hour already gets
/// no more than [`SLOW_ATTEMPTS`] in that hour. An address that has not tried yet (the
/// owner's new one) still gets in with the right password.
pub const ACCOUNT_ATTEMPTS_PER_HOUR: i64 = 50;
pub const SLOW_ATTEMPTS: i64 = 1;
/// Failed API-token look-ups from one address a minute.
pub const BAD_TOKENS_PER_MINUTE: i64 = 10;

const MINUTE_MS: i64 = 60_000;
/// The longest throttle window: counters older than it are forgotten.
pub const THROTTLE_WINDOW_MAX_MS: i64 = 3_600_000;

/// Throttle decisions this process has seen refused, each until a minute after: a flood of
/// tries past a limit is answered from memory instead of writing counters each time. The
/// counts themselves stay in the store, shared by every server; this only remembers a refusal
/// (at most a minute longer than the store's window would).
#[derive(Default)]
pub struct Refusals(std::sync::Mutex<std::collections::HashMap<String, i64>>);

/// Refusals remembered at most (expired ones are dropped first).
const REFUSALS_MAX: usize = 100_000;

impl Refusals {
    fn refused(&self, key: &str, now_ms: i64) -> bool {
        let m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        m.get(key).is_some_and(|&until| now_ms < until)
    }

    fn refuse(&self, key: String, now_ms: i64) {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() >= REFUSALS_MAX {
            m.retain(|_, until| now_ms < *until);
        }
        if m.len() < REFUSALS_MAX {
            m.insert(key, now_ms + MINUTE_MS);
        }
    }
}

/// A throttle counter's key: hashed, so that the shared table holds no emails or addresses.
fn throttle_key(parts: &[&str]) -> String {
    token_hash(&parts.join(" "))
}

/// Every ten minutes, forgets throttle counters whose windows have ended (the serving
/// loop runs it on the system clock; any replica may: the delete is idempotent).
pub async fn forget_old_tries(state: AppState) {
    loop {
        let before = state.now_ms() - THROTTLE_WINDOW_MAX_MS;
        if let Err(e) = state.store.forget_tries(before).await {
            tracing::warn!(error = %e, "throttles: old counters not forgotten");
        }
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}

/// One try of `action` (`"signin"`, `"password"`, `"signup"`, `"invite"`) on `account`
/// from `source`: at most [`ATTEMPTS_PER_MINUTE`] per account and address,
/// [`SOURCE_ATTEMPTS_PER_MINUTE`] per address, and past [`ACCOUNT_ATTEMPTS_PER_HOUR`] on
/// the account, [`SLOW_ATTEMPTS`] an hour per address that tried it already. Keyed by account
/// and address, so that guesses from many addresses do not lock the owner out. The counters
/// are the store's, shared by every server on the database (fixed windows).
pub async fn guard(
    state: &AppState,
    action: &str,
    account: &str,
    source: &str,
    now_ms: i64,
) -> Result<(), WebError> {
    let decision = throttle_key(&[action, "decision", account, source]);
    if state.refusals.refused(&decision, now_ms) {
        return Err(WebError::RateLimited);
    }
    let pair = throttle_key(&[action, "pair", account, source]);
    let by_source = throttle_key(&[action, "source", source]);
    let by_account = throttle_key(&[action, "account", account]);
    let seen = throttle_key(&[action, "seen", account, source]);
    let counts = state
        .store
        .count_tries(
            &[
                (&pair, MINUTE_MS),
                (&by_source, MINUTE_MS),
                (&by_account, THROTTLE_WINDOW_MAX_MS),
                (&seen, THROTTLE_WINDOW_MAX_MS),
            ],
            now_ms,
        )
        .await?;
    let [pair, by_source, by_account, seen] = counts[..] else {
        return Err(WebError::Internal("throttle: counts missing".into()));
    };
    // Counted with this try: more than the limit means the limit was reached before it.
    let under_attack = by_account > ACCOUNT_ATTEMPTS_PER_HOUR;
    let tried_here = seen > SLOW_ATTEMPTS;
    if pair <= ATTEMPTS_PER_MINUTE
        && by_source <= SOURCE_ATTEMPTS_PER_MINUTE
        && !(under_attack && tried_here)
    {
        Ok(())
    } else {
        state.refusals.refuse(decision, now_ms);
        Err(WebError::RateLimited)
    }
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    /// The session's CSRF token (none for API tokens, which are not sent by browsers).
    pub csrf: Option<String>,
    /// The hash of the session secret, to sign out or keep on password change.
    pub session: Option<String>,
}

impl Viewer {
    /// Checks a form's CSRF token against the session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        match &self.csrf {
            Some(expected) if same(expected, sent) => Ok(()),
            Some(_) => Err(WebError::Csrf),
            None => Ok(()),
        }
    }

    pub fn csrf(&self) -> &str {
        self.csrf.as_deref().unwrap_or("")
    }
}

pub fn session_cookie(parts: &Parts, tls: bool) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == cookie_name(tls))
        .map(|(_, v)| v.to_string())
}

fn bearer(parts: &Parts) -> Option<String> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    v.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

/// Whether the request is for the API (errors in JSON): the path before any nesting.
fn is_api(parts: &Parts) -> bool {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(parts.uri.path(), |u| u.0.path())
        .starts_with("/api/")
}

async fn resolve(parts: &mut Parts, state: &AppState) -> Result<Viewer, WebError> {
    if let Some(v) = parts.extensions.get::<Viewer>() {
        return Ok(v.clone());
    }
    let store = &state.store;
    let viewer = if let Some(token) = bearer(parts) {
        let now = state.now_ms();
        let Some(user) = store.user_by_api_token(&token_hash(&token), now).await? else {
            // Unknown tokens are counted per address; past the limit they are told to wait.
            // A valid token is never refused, whoever shares its address.
            let source =
                client_address(&parts.headers, &parts.extensions, state.config.trust_proxy);
            let key = throttle_key(&["token", "source", &source]);
            if state.refusals.refused(&key, now) {
                return Err(WebError::RateLimited);
            }
            let tries = store.count_tries(&[(&key, MINUTE_MS)], now).await?;
            return Err(if tries[0] <= BAD_TOKENS_PER_MINUTE {
                WebError::Unauthenticated
            } else {
                state.refusals.refuse(key, now);
                WebError::RateLimited
            });
        };
        Viewer {
            user,
            csrf: None,
            session: None,
        }
    } else if let Some(secret) = session_cookie(parts, state.config.tls) {
        let hash = token_hash(&secret);
        let s = store
            .session(&hash, state.now_ms())
            .await?
            .ok_or(WebError::Unauthenticated)?;
        // A session used from a script must carry its CSRF token in a header for writes.
        if is_api(parts) && parts.method != Method::GET && parts.method != Method::HEAD {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same(sent, &s.csrf) {
                return Err(WebError::Csrf);
            }
        }
        Viewer {
            user: s.user,
            csrf: Some(s.csrf),
            session: Some(hash),
        }
    } else {
        return Err(WebError::Unauthenticated);
    };
    parts.extensions.insert(viewer.clone());
    Ok(viewer)
}

fn reject(parts: &Parts, e: WebError) -> Response {
    if is_api(parts) {
        crate::error::ApiError(e).into_response()
    } else {
        e.into_response()
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        resolve(parts, state).await.map_err(|e| reject(parts, e))
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Response> {
        match resolve(parts, state).await {
            Ok(v) => Ok(Some(v)),
            Err(WebError::Unauthenticated) => Ok(None),
            Err(e) => Err(reject(parts, e)),
        }
    }
}

impl Viewer {
    /// Whoever is signed in, if anyone (for error pages, which never fail again).
    pub async fn from_request_parts_optional(
        parts: &mut Parts,
        state: &AppState,
    ) -> Option<Viewer> {
        resolve(parts, state).await.ok()
    }
}

/// The `Set-Cookie` value for a new session (or an expired one to sign out).
pub fn set_cookie(secret: Option<&str>, secure: bool) -> String {
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    match secret {
        Some(s) => format!(
            "{name}={s}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            SESSION_MS / 1000
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// How long a sign-in or sign-up form stays valid, s.
pub const PRE_SESSION_S: i64 = 3600;

/// The cookie of the pre-session CSRF token: `__Host-` behind TLS, so that no other host
/// under the same domain can plant one.
pub fn pre_cookie_name(tls: bool) -> &'static str {
    if tls {
        "__Host-myo_pre"
    } else {
        "myo_pre"
    }
}

/// A new pre-session token and its `Set-Cookie` value: the sign-in and sign-up forms carry
/// the token in a hidden field and the browser sends the cookie (double submit). A cross-site
/// form can do neither read nor set the cookie, so it cannot log a victim into its account.
pub fn pre_session(tls: bool) -> (String, String) {
    let token = secret();
    let secure = if tls { "; Secure" } else { "" };
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={PRE_SESSION_S}{secure}",
        pre_cookie_name(tls)
    );
    (token, cookie)
}

/// The value of cookie `name` in a request's headers.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Checks a sign-in or sign-up form's token against the pre-session cookie; returns the
/// token to keep using on the re-rendered form.
pub fn check_pre_session(
    headers: &axum::http::HeaderMap,
    sent: &str,
    tls: bool,
) -> Result<String, WebError> {
    match cookie(headers, pre_cookie_name(tls)) {
        Some(expected) if expected.len() == 64 && same(&expected, sent) => Ok(expected),
        _ => Err(WebError::Csrf),
    }
}

/// The client's address as the throttles key it ([`client_address`]), as an extractor.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(
            &parts.headers,
            &parts.extensions,
            state.config.trust_proxy,
        )))
    }
}

/// The client a request comes from, for the sign-in rate limit: the socket's address, or
/// behind a trusted proxy (`--trust-proxy`) the address it appended to `X-Forwarded-For`.
pub fn client_address(
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
    trust_proxy: bool,
) -> String {
    if trust_proxy {
        let appended = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|a| !a.is_empty());
        if let Some(address) = appended {
            return address.to_string();
        }
    }
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

#[cfg(test)]
mod tests {
    use super::check_password;

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        for weak in [
            "          ",
            "aaaaaaaaaa",
            "1234567890",
            "password12",
            "qwertyuiop",
            "ann@example.org1",
        ] {
            let e = check_password(weak, &["ann@example.org"]).unwrap_err();
            assert!(e.to_string().contains("password"), "{weak}: {e}");
        }
        let e = check_password("password12", &[]).unwrap_err().to_string();
        assert!(
            e.contains("too easy to guess") && e.contains("words"),
            "{e}"
        );
        for strong in [
            "correct horse battery",
            "another long one",
            "a much longer one",
            "tulip ferry quantum ladle",
            // The scripts' (scripts/web, scripts/bench-first-answer.sh) and the CLI tests'.
            "correct horse battery staple",
            "load-test passphrase",
            "a long benchmark passphrase",
        ] {
            check_password(strong, &["ann@example.org"])
                .unwrap_or_else(|e| panic!("{strong}: {e}"));
        }
    }
}

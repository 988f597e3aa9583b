use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt as _;
use myo_web::{AppState, Clock, Config};
use tower::ServiceExt as _;

pub use crate::year::NOW_MS;

/// A fresh SQLite file, and a fresh PostgreSQL database when configured (required in CI).
pub fn urls(name: &str) -> Vec<String> {
    myo_testkit::database_urls("web", name)
}

pub async fn app(url: &str) -> AppState {
    let store = myo_store::Store::open_with(
        url,
        &myo_store::OpenOptions {
            max_connections: Some(4),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    AppState::new(
        store,
        Config {
            // Rosters wait for every row (debug builds are slow); tests/it/roster.rs sets less.
            roster_wait_ms: 60_000,
            ..Config::new(Clock::Fixed(NOW_MS))
        },
    )
}

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub cookie: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// A browser: keeps the session cookie and the last CSRF token seen.
pub struct Client {
    pub state: AppState,
    pub cookie: Option<String>,
    pub csrf: String,
    pub bearer: Option<String>,
}

impl Client {
    pub fn new(state: &AppState) -> Client {
        Client {
            state: state.clone(),
            cookie: None,
            csrf: String::new(),
            bearer: None,
        }
    }

    pub async fn send(&mut self, req: Request<Body>) -> Reply {
        let resp = myo_web::app(self.state.clone()).oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let location = headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let cookie = headers
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_string());
        // A cookie jar: the `Cookie` header holds every cookie set and not yet expired.
        for c in headers.get_all(header::SET_COOKIE) {
            let pair = c.to_str().unwrap().split(';').next().unwrap().to_string();
            let (name, value) = pair.split_once('=').unwrap();
            let mut jar: Vec<String> = self
                .cookie
                .iter()
                .flat_map(|h| h.split("; "))
                .filter(|p| !p.starts_with(&format!("{name}=")))
                .map(str::to_string)
                .collect();
            if !value.is_empty() {
                jar.push(pair.clone());
            }
            self.cookie = (!jar.is_empty()).then(|| jar.join("; "));
        }
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).to_string();
        if let Some(i) = body.find("name=\"_csrf\" value=\"") {
            let rest = &body[i + 20..];
            self.csrf = rest[..rest.find('"').unwrap()].to_string();
        }
        Reply {
            status,
            location,
            cookie,
            headers,
            body,
        }
    }

    pub fn base(&self, method: &str, uri: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(t) = &self.bearer {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        let req = self.base("GET", uri).body(Body::empty()).unwrap();
        self.send(req).await
    }

    /// Posts a form with the CSRF token added.
    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("_csrf", self.csrf.clone())];
        all.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
        self.post_raw(uri, &all).await
    }

    pub async fn post_raw(&mut self, uri: &str, fields: &[(&str, String)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = self
            .base("POST", uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn json(&mut self, method: &str, uri: &str, body: &serde_json::Value) -> Reply {
        let req = self
            .base(method, uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// Signs up an athlete (or a coach when `name` is None) and returns the athlete id.
    pub async fn sign_up(&mut self, email: &str, name: Option<&str>) -> Option<i64> {
        // The form's pre-session token and cookie.
        self.get("/signup").await;
        let r = self
            .post(
                "/signup",
                &[
                    ("email", email),
                    ("password", "correct horse battery"),
                    ("role", if name.is_some() { "athlete" } else { "coach" }),
                    ("name", name.unwrap_or("")),
                    ("sex", "female"),
                    ("age", "30"),
                    ("body_mass_kg", "62"),
                    ("training_status", "recreational"),
                    ("utc_offset", "+01:00"),
                ],
            )
            .await;
        // Sign-up answers with the recovery codes and a link on to the home page.
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let link = "class=\"button\" href=\"";
        let to = &r.body[r.body.find(link).expect("a link on") + link.len()..];
        let to = to[..to.find('"').unwrap()].to_string();
        // Load a page to pick up the CSRF token.
        self.get("/settings").await;
        to.strip_prefix("/athletes/").map(|id| id.parse().unwrap())
    }
}

impl Client {
    /// Loads the sign-in form (its pre-session token and cookie), then signs in from
    /// `address` (the socket's peer).
    pub async fn sign_in(&mut self, email: &str, password: &str, address: &str) -> Reply {
        self.get("/signin").await;
        let body = format!(
            "_csrf={}&email={}&password={}",
            enc(&self.csrf),
            enc(email),
            enc(password)
        );
        let mut req = self
            .base("POST", "/signin")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let addr: std::net::SocketAddr = address.parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        self.send(req).await
    }
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An athlete's stored events, in time order.
pub async fn events_of(state: &AppState, athlete_id: i64) -> Vec<myo_store::StoredEvent> {
    state
        .store
        .events(&myo_store::EventFilter {
            athlete_id: Some(athlete_id),
            ..Default::default()
        })
        .await
        .unwrap()
}

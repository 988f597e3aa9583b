//! The CLI and the web give the same status and plan for the same log: both go through
//! `myo_service` (the log as a scenario, the checkpoint policy, the plan at now). Runs the real
//! binary and a real `myo serve` on a loopback port, on SQLite and PostgreSQL.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::logbook::backends;

/// A server that is stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `GET path` with a bearer token: (status, body).
fn get(port: u16, path: &str, token: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    // Chunked bodies (axum's JSON is sent with a length, but be safe).
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = body;
        while let Some((size, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).ok()?;
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n]);
            rest = &tail[n + 2..];
        }
        out
    } else {
        body.to_string()
    };
    Some((status, body))
}

#[test]
fn cli_and_web_give_the_same_status_and_plan() {
    for db in backends("same_answers") {
        db.ok(&[
            "athlete", "add", "ann", "--sex", "female", "--age", "29", "--mass", "61", "--status",
            "trained",
        ]);
        for args in [
            &[
                "log",
                "strength",
                "Barbell Squat",
                "5x5@100kg",
                "--rpe",
                "8",
                "--at",
                "2026-03-09T18:00:00+01:00",
            ][..],
            &["log", "sleep", "7h", "--at", "2026-03-09T23:30:00+01:00"],
            &[
                "log",
                "endurance",
                "run",
                "40m",
                "--hr",
                "150",
                "--at",
                "2026-03-10T07:00:00+01:00",
            ],
            &[
                "log",
                "soreness",
                "quadriceps=5",
                "--at",
                "2026-03-10T08:00:00+01:00",
            ],
            &[
                "log",
                "strength",
                "Bench Press",
                "4x8@60kg",
                "--at",
                "2026-03-10T18:00:00+01:00",
            ],
        ] {
            db.ok(args);
        }
        let mut create = db.cmd(&[
            "admin",
            "create-user",
            "ann@example.org",
            "--role",
            "athlete",
        ]);
        let out = create
            .env("MYO_PASSWORD", "correct horse battery staple")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let token = db
            .ok(&["admin", "create-token", "ann@example.org"])
            .trim()
            .to_string();
        let cli_status = db.json(&["status"]);
        let cli_plan: Value = serde_json::from_str(&db.ok(&["plan", "--format", "json"])).unwrap();

        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let _server = Server(
            db.cmd(&["serve", "--bind", &format!("127.0.0.1:{port}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let started = Instant::now();
        while get(port, "/healthz", "").is_none_or(|(s, _)| s != 200) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "[{}] the server did not start",
                db.backend
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let id = db.json(&["athlete", "list"])[0]["id"].as_i64().unwrap();
        for (what, path, cli) in [
            (
                "status",
                format!("/api/v1/athletes/{id}/status"),
                &cli_status,
            ),
            ("plan", format!("/api/v1/athletes/{id}/plan"), &cli_plan),
        ] {
            let (status, body) = get(port, &path, &token).unwrap();
            assert_eq!(status, 200, "[{}] {what}: {body}", db.backend);
            let web: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(
                &web, cli,
                "[{}] {what}: the web and the CLI differ",
                db.backend
            );
        }
        // An administrator's one-time reset link opens the new-password form.
        let base = format!("http://127.0.0.1:{port}");
        let link = db.ok(&[
            "admin",
            "reset-password",
            "ann@example.org",
            "--base-url",
            &base,
        ]);
        let path = link.trim().strip_prefix(&base).unwrap().to_string();
        assert!(path.starts_with("/reset?token="), "{link}");
        let (status, body) = get(port, &path, "").unwrap();
        assert_eq!(status, 200, "[{}] {body}", db.backend);
        assert!(body.contains("Choose a new password"), "{body}");
    }
}

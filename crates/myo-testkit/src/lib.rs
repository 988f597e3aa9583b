//! Test support shared by the store, web and CLI suites, so that each runs on SQLite and, when
//! `MYO_TEST_POSTGRES_URL` names a server, on PostgreSQL too (`.ci/run` starts one; under `CI`
//! a missing server fails the suite rather than skipping half of it).

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty directory in the system's temporary directory, unique to this process and
/// call: `myo-<suite>-<pid>-<name>-<n>`.
pub fn scratch_dir(suite: &str, name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("myo-{suite}-{}-{name}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// A fresh database on the PostgreSQL test server, or `None` when none is configured.
///
/// # Panics
/// Under `CI` without `MYO_TEST_POSTGRES_URL`, or when the server refuses.
pub fn postgres_database(suite: &str, name: &str) -> Option<String> {
    let server = match std::env::var("MYO_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI expects MYO_TEST_POSTGRES_URL (see .ci/run)"
            );
            return None;
        }
    };
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = name.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let db = format!("myo_{suite}_{name}_{}_{n}", std::process::id());
    for sql in [
        format!("DROP DATABASE IF EXISTS {db}"),
        format!("CREATE DATABASE {db}"),
    ] {
        let out = Command::new("psql")
            .arg(&server)
            .args(["-qc", &sql])
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "PostgreSQL at MYO_TEST_POSTGRES_URL: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    Some(format!("{base}/{db}"))
}

/// A fresh SQLite database URL, and a fresh PostgreSQL one when configured.
pub fn database_urls(suite: &str, name: &str) -> Vec<String> {
    let dir = scratch_dir(suite, name);
    let mut urls = vec![format!("sqlite://{}", dir.join("myo.db").display())];
    urls.extend(postgres_database(suite, name));
    urls
}

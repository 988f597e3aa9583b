//! The service layer on SQLite and, when `MYO_TEST_POSTGRES_URL` names a server, PostgreSQL.

mod import;
mod model_key;
mod personal;

mod backends {
    /// A fresh SQLite database, and a fresh PostgreSQL one when configured (required in CI).
    pub fn urls(name: &str) -> Vec<String> {
        myo_testkit::database_urls("service", name)
    }
}

const NOW_MS: i64 = 1_773_169_200_000;

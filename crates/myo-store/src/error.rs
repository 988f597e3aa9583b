//! What can go wrong, sorted into what the user can fix (bad input) and what they cannot.

/// A store error. [`StoreError::is_bad_input`] tells the caller which are the user's to fix.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input is invalid; the message names the field.
    #[error("{0}")]
    Invalid(String),
    /// A field of an event or profile is wrong: which, and the message for people.
    #[error("{message}")]
    Field { field: String, message: String },
    #[error("unknown athlete \"{name}\"{hint}")]
    UnknownAthlete { name: String, hint: String },
    #[error(
        "no athlete yet: add one with `myo athlete add NAME --sex … --age … --mass … --status …`"
    )]
    NoAthlete,
    #[error("no default athlete among {0}: name one with --athlete NAME, or `myo athlete edit NAME --default`")]
    NoDefaultAthlete(String),
    #[error("an athlete named \"{0}\" already exists")]
    AthleteExists(String),
    #[error("no event with id {0}")]
    UnknownEvent(i64),
    #[error("the database is read-only ({0}); nothing was written")]
    ReadOnly(String),
    #[error("the database or disk is full ({0}); nothing was written")]
    Full(String),
    #[error("cannot open the database {url}: {message}")]
    Open { url: String, message: String },
    #[error(
        "the database schema is version {found}, newer than this myo knows ({known}): upgrade myo"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("migrating the database: {0}")]
    Migrate(String),
    #[error("database: {0}")]
    Db(sqlx::Error),
}

impl StoreError {
    /// No athlete has this id.
    pub fn unknown_athlete_id(id: i64) -> StoreError {
        StoreError::UnknownAthlete {
            name: format!("#{id}"),
            hint: String::new(),
        }
    }

    /// Whether the user's input caused it (exit status 2 in the CLI).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::Invalid(_)
                | StoreError::Field { .. }
                | StoreError::UnknownAthlete { .. }
                | StoreError::NoAthlete
                | StoreError::NoDefaultAthlete(_)
                | StoreError::AthleteExists(_)
                | StoreError::UnknownEvent(_)
        )
    }

    /// A wrong field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> StoreError {
        StoreError::Field {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn from_open(e: sqlx::Error, url: &str) -> StoreError {
        match StoreError::from(e) {
            StoreError::Db(e) => StoreError::Open {
                url: redact(url),
                message: e.to_string(),
            },
            other => other,
        }
    }
}

/// The URL without a password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error() {
            let message = db.message().to_string();
            let code = db.code().map(|c| c.to_string()).unwrap_or_default();
            let lower = message.to_lowercase();
            // SQLite: SQLITE_READONLY (8 and extended), SQLITE_FULL (13); PostgreSQL:
            // read_only_sql_transaction 25006, disk_full 53100, insufficient_resources 53*.
            if lower.contains("readonly") || lower.contains("read-only") || code == "25006" {
                return StoreError::ReadOnly(message);
            }
            if lower.contains("disk is full") || code == "13" || code.starts_with("531") {
                return StoreError::Full(message);
            }
            if db.is_unique_violation() {
                return StoreError::Invalid(format!("already exists: {message}"));
            }
        }
        if let sqlx::Error::Io(io) = &e {
            if io.raw_os_error() == Some(28) {
                return StoreError::Full(io.to_string());
            }
        }
        StoreError::Db(e)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        match e {
            sqlx::migrate::MigrateError::Execute(inner) => match StoreError::from(inner) {
                StoreError::Db(inner) => StoreError::Migrate(inner.to_string()),
                other => other,
            },
            other => StoreError::Migrate(other.to_string()),
        }
    }
}

impl From<myo_scenario::FieldError> for StoreError {
    fn from(e: myo_scenario::FieldError) -> StoreError {
        StoreError::Field {
            field: e.field,
            message: e.message,
        }
    }
}

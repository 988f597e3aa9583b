//! One device file or app export into an athlete's log: the steps `myo import` and the web's
//! upload share, after the caller has parsed the file. The content hash keys the batch, so the same bytes imported again add
//! nothing. A session
//! already in the log from another file (or typed in) is skipped with a warning, so that one
//! ride is not counted twice.

use myo_scenario::{EventSpec, Kind};

use crate::events::format_at;
use crate::{BatchOutcome, EventFilter, NewEvent, Result, Source, Store, StoredEvent};

/// One session recorded twice (a watch's FIT and the same ride exported as TCX, or typed in
/// and then imported): an endurance event of the same sport that starts within this of one
/// already logged and lasts about as long ([`same_session`]).
const SAME_SESSION_START_MS: i64 = 5 * 60_000;

/// What importing one file did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq)]
pub enum FileImport {
    /// The file's events were written (counted only, on a dry run).
    Imported {
        format: &'static str,
        events: usize,
        warnings: Vec<String>,
    },
    /// The same bytes were imported before for this athlete; nothing was written.
    Duplicate(Earlier),
    /// The file could not be read or its events were refused: the message names the file.
    Failed(String),
}

/// An earlier import of the same content: under which name, when, and how many events.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Earlier {
    pub name: String,
    pub imported_ms: i64,
    pub events: i64,
}

impl std::fmt::Display for Earlier {
    /// "already imported as run.fit on 2026-03-10 (3 events)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let day = chrono::DateTime::from_timestamp_millis(self.imported_ms)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        write!(
            f,
            "already imported as {} on {day} ({} event(s))",
            self.name, self.events
        )
    }
}

/// Events this long before the import are pointed out: they change the history, not today.
pub const FAR_PAST_MS: i64 = 365 * 24 * 3_600_000;

/// What a parser found in one file, ready for the store: events already checked by the event
/// contract. Parsing is the caller's (it is slow and needs no database).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    /// The file's content hash (the source key).
    pub hash: String,
    /// A name for people (the file name).
    pub name: String,
    /// The format found, for people.
    pub format: &'static str,
    pub events: Vec<NewEvent>,
    pub warnings: Vec<String>,
}

impl Store {
    /// Writes a parsed file for `athlete_id` in one transaction with the file as the events'
    /// source, less the sessions already in the log (unless `dry_run`). Nothing is written
    /// when the same content was imported before. Errors are the store's own (the database is
    /// gone, the disk is full); events the store refuses are `Failed`, naming the file.
    pub async fn import_parsed(
        &self,
        athlete_id: i64,
        file: ParsedFile,
        now_ms: i64,
        dry_run: bool,
    ) -> Result<FileImport> {
        if let Some(earlier) = self.source_imported(athlete_id, &file.hash).await? {
            return Ok(FileImport::Duplicate(earlier));
        }
        let ParsedFile {
            hash,
            name,
            format,
            events,
            mut warnings,
        } = file;
        let events = without_far_times(events, now_ms, &mut warnings);
        let events = self
            .without_logged_sessions(athlete_id, events, &mut warnings)
            .await?;
        let old = events
            .iter()
            .filter(|e| e.at.timestamp_millis() < now_ms - FAR_PAST_MS)
            .count();
        if old > 0 {
            warnings.push(format!(
                "{old} of the events are more than a year old: they fill in your history and \
                 barely change today's answers"
            ));
        }
        if dry_run {
            return Ok(FileImport::Imported {
                format,
                events: events.len(),
                warnings,
            });
        }
        let source = Source { hash, name };
        match self
            .add_batch(athlete_id, Some(&source), &events, now_ms)
            .await
        {
            Ok(BatchOutcome::Added(ids)) => Ok(FileImport::Imported {
                format,
                events: ids.len(),
                warnings,
            }),
            Ok(BatchOutcome::AlreadyImported { events, .. }) => {
                Ok(FileImport::Duplicate(Earlier {
                    name: source.name.clone(),
                    imported_ms: now_ms,
                    events,
                }))
            }
            Err(e) if e.is_bad_input() => Ok(FileImport::Failed(format!("{}: {e}", source.name))),
            Err(e) => Err(e),
        }
    }

    /// `events` less the endurance sessions already logged, each skipped one named in
    /// `warnings`.
    async fn without_logged_sessions(
        &self,
        athlete_id: i64,
        events: Vec<NewEvent>,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<NewEvent>> {
        let starts = events
            .iter()
            .filter(|e| e.kind() == Kind::Endurance)
            .map(|e| e.at.timestamp_millis());
        let (Some(first), Some(last)) = (starts.clone().min(), starts.max()) else {
            return Ok(events);
        };
        let logged = self
            .events(&EventFilter {
                athlete_id: Some(athlete_id),
                kinds: vec![Kind::Endurance],
                from_ms: Some(first - SAME_SESSION_START_MS),
                until_ms: Some(last + SAME_SESSION_START_MS + 1),
                limit: None,
            })
            .await?;
        let mut kept = Vec::with_capacity(events.len());
        for e in events {
            match logged.iter().find(|l| same_session(&e, l)) {
                Some(l) => warnings.push(format!(
                    "skipped the {} at {}: already in the log (event {}, from {})",
                    match &e.event {
                        EventSpec::Endurance(x) => x.sport.name(),
                        _ => "session",
                    },
                    format_at(&e.at),
                    l.id,
                    if l.source.is_some() {
                        "another file"
                    } else {
                        "an entry by hand"
                    },
                )),
                None => kept.push(e),
            }
        }
        Ok(kept)
    }
}

/// `events` less those the store would refuse for their time (a row dated years ahead):
/// skipped with a warning each, like the parser's bad rows, instead of failing the file.
fn without_far_times(
    events: Vec<NewEvent>,
    now_ms: i64,
    warnings: &mut Vec<String>,
) -> Vec<NewEvent> {
    let (kept, far): (Vec<_>, Vec<_>) = events
        .into_iter()
        .partition(|e| crate::events::in_time_window(e.at.timestamp_millis(), now_ms));
    for e in far {
        warnings.push(format!(
            "skipped the {} at {}: more than 20 years before or a year after now",
            e.kind().name(),
            format_at(&e.at)
        ));
    }
    kept
}

/// Whether `new` is the endurance session `logged`: the same sport, starts at most
/// [`SAME_SESSION_START_MS`] apart, durations within 15% (or 5 minutes).
fn same_session(new: &NewEvent, logged: &StoredEvent) -> bool {
    let (EventSpec::Endurance(a), EventSpec::Endurance(b)) = (&new.event, &logged.event) else {
        return false;
    };
    a.sport == b.sport
        && (new.at.timestamp_millis() - logged.at.timestamp_millis()).abs() <= SAME_SESSION_START_MS
        && (a.minutes - b.minutes).abs() <= (0.15 * a.minutes.max(b.minutes)).max(5.0)
}

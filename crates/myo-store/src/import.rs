//! One device file or app export into an athlete's log: the steps `myo import` and the web's
//! upload share. The content hash keys the batch, so the same bytes imported again add
//! nothing; a file the parser refuses is a [`FileImport::Failed`] naming the file. A session
//! already in the log from another file (or typed in) is skipped with a warning, so that one
//! ride is not counted twice.

use std::path::Path;

use serde_json::Value;

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
    Duplicate { events: i64 },
    /// The file could not be read or its events were refused: the message names the file.
    Failed(String),
}

impl Store {
    /// Imports `bytes` (the file `name`) for `athlete_id`: the content hash, nothing if it was
    /// imported before, `myo_import::parse_with` in `opts`, then its events in one transaction
    /// with the file as their source (unless `dry_run`). Errors are the store's own (the
    /// database is gone, the disk is full); everything about the file is `Failed`.
    ///
    /// Parsing runs on the calling thread: a large FIT file takes a while.
    pub async fn import_file(
        &self,
        athlete_id: i64,
        name: &str,
        bytes: &[u8],
        opts: &myo_import::Options,
        now_ms: i64,
        dry_run: bool,
    ) -> Result<FileImport> {
        let hash = myo_import::content_hash(bytes);
        if let Some((_, events)) = self.source_imported(athlete_id, &hash).await? {
            return Ok(FileImport::Duplicate { events });
        }
        let parsed = match myo_import::parse_with(Path::new(name), bytes, opts) {
            Ok(p) => p,
            Err(e) => return Ok(FileImport::Failed(e.to_string())),
        };
        let mut events = Vec::new();
        for value in parsed.events() {
            match NewEvent::from_json(&value) {
                Ok(e) => events.push(e),
                Err(e) => return Ok(FileImport::Failed(format!("{name}: {e}"))),
            }
        }
        let mut warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
        let format = parsed.format.name();
        let events = self
            .without_logged_sessions(athlete_id, events, &mut warnings)
            .await?;
        if dry_run {
            return Ok(FileImport::Imported {
                format,
                events: events.len(),
                warnings,
            });
        }
        let source = Source {
            hash,
            name: name.to_string(),
        };
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
                Ok(FileImport::Duplicate { events })
            }
            Err(e) if e.is_bad_input() => Ok(FileImport::Failed(format!("{name}: {e}"))),
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
            .filter(|e| e.kind == "endurance")
            .map(|e| e.at.timestamp_millis());
        let (Some(first), Some(last)) = (starts.clone().min(), starts.max()) else {
            return Ok(events);
        };
        let logged = self
            .events(&EventFilter {
                athlete_id: Some(athlete_id),
                kinds: vec!["endurance".into()],
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
                    e.fields
                        .get("sport")
                        .and_then(Value::as_str)
                        .unwrap_or("session"),
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

/// Whether `new` is the endurance session `logged`: the same sport, starts at most
/// [`SAME_SESSION_START_MS`] apart, durations within 15% (or 5 minutes).
fn same_session(new: &NewEvent, logged: &StoredEvent) -> bool {
    let minutes = |f: &serde_json::Map<String, Value>| f.get("minutes").and_then(Value::as_f64);
    new.kind == "endurance"
        && logged.kind == "endurance"
        && new.fields.get("sport") == logged.fields.get("sport")
        && (new.at.timestamp_millis() - logged.at.timestamp_millis()).abs() <= SAME_SESSION_START_MS
        && match (minutes(&new.fields), minutes(&logged.fields)) {
            (Some(a), Some(b)) => (a - b).abs() <= (0.15 * a.max(b)).max(5.0),
            _ => true,
        }
}

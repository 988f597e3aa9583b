//! One device file or app export into an athlete's log: the steps `myo import` and the web's
//! upload share. The content hash keys the batch, so the same bytes imported again add
//! nothing; a file the parser refuses is a [`FileImport::Failed`] naming the file.

use std::path::Path;

use crate::{BatchOutcome, NewEvent, Result, Source, Store};

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
        let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
        let format = parsed.format.name();
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
}

//! One device file or app export into an athlete's log: `myo import` and the web's upload.
//! Parsing is pure and slow (a large FIT file), so it runs on tokio's blocking pool, outside
//! the store; the store then writes the events in one transaction keyed by the content hash.

use std::path::Path;

use myo_store::{FileImport, NewEvent, ParsedFile, Store};

use crate::Result;

/// Parses `bytes` (the file `name`) into events checked by the event contract. The error
/// names the file.
pub fn parse(
    name: &str,
    bytes: &[u8],
    opts: &myo_import::Options,
) -> std::result::Result<ParsedFile, String> {
    let parsed = myo_import::parse_with(Path::new(name), bytes, opts).map_err(|e| e.to_string())?;
    let events = parsed
        .typed_events()
        .into_iter()
        .map(|(at, event)| NewEvent { at, event })
        .collect();
    Ok(ParsedFile {
        hash: myo_import::content_hash(bytes),
        name: name.to_string(),
        format: parsed.format.name(),
        events,
        warnings: parsed.warnings.iter().map(|w| w.to_string()).collect(),
    })
}

/// Imports one file for `athlete_id`: nothing if the same bytes were imported before, else
/// parse (on the blocking pool) and write. Everything wrong with the file is
/// [`FileImport::Failed`]; errors are the store's own.
pub async fn import_file(
    store: &Store,
    athlete_id: i64,
    name: &str,
    bytes: Vec<u8>,
    opts: myo_import::Options,
    now_ms: i64,
    dry_run: bool,
) -> Result<FileImport> {
    let hash = myo_import::content_hash(&bytes);
    if let Some((_, events)) = store.source_imported(athlete_id, &hash).await? {
        return Ok(FileImport::Duplicate { events });
    }
    let owned = name.to_string();
    let parsed = tokio::task::spawn_blocking(move || parse(&owned, &bytes, &opts))
        .await
        .unwrap_or_else(|e| Err(format!("{name}: the parser stopped ({e})")));
    match parsed {
        Ok(file) => store.import_parsed(athlete_id, file, now_ms, dry_run).await,
        Err(message) => Ok(FileImport::Failed(message)),
    }
}

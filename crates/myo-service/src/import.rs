//! One device file or app export into an athlete's log: `myo import` and the web's upload.
//! Parsing is pure and slow (a large FIT file), so it runs on tokio's blocking pool, outside
//! the store; the store then writes the events in one transaction keyed by the content hash.

use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset};
use myo_import::{CsvLayout, Format};
use myo_scenario::{EventSpec, Kind};
use myo_store::{EventFilter, FileImport, NewEvent, ParsedFile, Store};

use crate::Result;

/// Parses `bytes` (the file `name`) into events checked by the event contract. The error
/// names the file.
pub fn parse(
    name: &str,
    bytes: &[u8],
    opts: &myo_import::Options,
) -> std::result::Result<ParsedFile, String> {
    let parsed = myo_import::parse_with(Path::new(name), bytes, opts).map_err(|e| e.to_string())?;
    Ok(parsed_file(name, myo_import::content_hash(bytes), parsed))
}

/// Parses the file `name` from `input` ([`myo_import::parse_reader`]: an Apple Health export
/// is read in blocks, in bounded memory), with the number of bytes read. The error names the
/// file.
pub fn parse_reader(
    name: &str,
    input: impl std::io::BufRead,
    opts: &myo_import::Options,
) -> std::result::Result<(ParsedFile, u64), String> {
    let read = myo_import::parse_reader(Path::new(name), input, opts).map_err(|e| e.to_string())?;
    Ok((parsed_file(name, read.hash, read.imported), read.bytes))
}

fn parsed_file(name: &str, hash: String, parsed: myo_import::Imported) -> ParsedFile {
    let events = parsed
        .typed_events()
        .into_iter()
        .map(|(at, event)| NewEvent { at, event })
        .collect();
    ParsedFile {
        hash,
        name: name.to_string(),
        format: parsed.format.name(),
        events,
        warnings: parsed.warnings.iter().map(|w| w.to_string()).collect(),
    }
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
    if let Some(earlier) = store.source_imported(athlete_id, &hash).await? {
        return Ok(FileImport::Duplicate(earlier));
    }
    let owned = name.to_string();
    let parsed = tokio::task::spawn_blocking(move || parse(&owned, &bytes, &opts))
        .await
        .unwrap_or_else(|e| Err(format!("{name}: the parser stopped ({e})")));
    match parsed {
        Ok(mut file) => {
            if reports_nights(&file) {
                drop_covered_nights(store, athlete_id, &mut file, &[]).await?;
            }
            store.import_parsed(athlete_id, file, now_ms, dry_run).await
        }
        Err(message) => Ok(FileImport::Failed(message)),
    }
}

/// Whether a file's nights are a questionnaire's (PMSys wellness): kept only where no sleep
/// record covers them.
pub fn reports_nights(file: &ParsedFile) -> bool {
    file.format == Format::Csv(CsvLayout::PmsysWellness).name()
}

/// Leaves out the reported nights of `file` that a sleep in the log, or one of `also` (sleep
/// read earlier in the same run: start, hours), covers (`myo_import::night_covered`), with one
/// warning saying how many.
pub async fn drop_covered_nights(
    store: &Store,
    athlete_id: i64,
    file: &mut ParsedFile,
    also: &[(DateTime<FixedOffset>, f64)],
) -> Result<()> {
    let nights: Vec<_> = file.events.iter().filter_map(sleep_of).collect();
    let (Some(first), Some(last)) = (
        nights.iter().map(|(at, _)| *at).min(),
        nights.iter().map(|(at, h)| end_of(*at, *h)).max(),
    ) else {
        return Ok(());
    };
    let logged = store
        .events(&EventFilter {
            athlete_id: Some(athlete_id),
            kinds: vec![Kind::Sleep],
            from_ms: Some((first - Duration::hours(36)).timestamp_millis()),
            until_ms: Some(last.timestamp_millis() + 1),
            limit: None,
        })
        .await?;
    let mut known: Vec<(DateTime<FixedOffset>, f64)> = logged
        .iter()
        .filter_map(|e| match &e.event {
            EventSpec::Sleep(s) => Some((e.at, s.hours)),
            _ => None,
        })
        .collect();
    // In a real run the run's sleeps are in the log already: count each once.
    for s in also {
        if !known.contains(s) {
            known.push(*s);
        }
    }
    let before = file.events.len();
    file.events.retain(|e| match sleep_of(e) {
        Some((at, hours)) => !myo_import::night_covered(at, hours, known.iter().copied()),
        None => true,
    });
    let dropped = before - file.events.len();
    if dropped > 0 {
        file.warnings.push(format!(
            "{dropped} reported night(s) left out: a sleep record (a device's) already covers \
             them"
        ));
    }
    Ok(())
}

/// A sleep event's start and hours.
pub fn sleep_of(e: &NewEvent) -> Option<(DateTime<FixedOffset>, f64)> {
    match &e.event {
        EventSpec::Sleep(s) => Some((e.at, s.hours)),
        _ => None,
    }
}

fn end_of(at: DateTime<FixedOffset>, hours: f64) -> DateTime<FixedOffset> {
    at + Duration::milliseconds((hours * 3.6e6).round() as i64)
}

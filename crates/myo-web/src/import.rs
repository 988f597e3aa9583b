//! Uploading one device file or app export: the CLI's `myo import` path for a single file
//! (`myo_service::import::import_file`). The content hash keys the batch, so a file imported before adds nothing; a file the
//! parser refuses is bad input with the parser's message. The API and the log page's upload
//! form both call [`import_file`].

use myo_store::{Athlete, FileImport};
use serde::Serialize;

use crate::error::WebError;
use crate::AppState;

/// What one upload did.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Imported {
    /// The file's events were written.
    Imported {
        name: String,
        format: &'static str,
        events: usize,
        warnings: Vec<String>,
    },
    /// The same bytes were imported before for this athlete; nothing was written.
    Duplicate {
        name: String,
        /// The events of the earlier import (also in `earlier`).
        events: i64,
        /// The earlier import of the same content: its name, when (ms), its events.
        earlier: myo_store::Earlier,
    },
}

/// The longest file name kept (names are for people; the hash is the key).
const NAME_MAX: usize = 200;

/// Characters that change how text around them is shown without being seen: bidirectional
/// overrides and isolates (U+202E makes `gpj.exe` read `exe.jpg`), marks and zero-width ones.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{061C}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A file name for people: the last path component, printable, without invisible or
/// direction-changing characters, at most `NAME_MAX` chars.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !invisible(*c))
        .take(NAME_MAX)
        .collect();
    let clean = clean.trim().to_string();
    if clean.is_empty() {
        "upload".into()
    } else {
        clean
    }
}

/// Parses `bytes` in the athlete's offset and writes its events in one transaction.
pub async fn import_file(
    state: &AppState,
    athlete: &Athlete,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Imported, WebError> {
    let name = clean_name(name);
    if bytes.is_empty() {
        return Err(WebError::bad("file", "the file is empty"));
    }
    let opts = myo_import::Options {
        zone: athlete.profile.time_zone,
    };
    // Parsing runs on the blocking pool, off the async workers.
    let outcome = myo_service::import::import_file(
        &state.store,
        athlete.id,
        &name,
        bytes,
        opts,
        state.now_ms(),
        false,
    )
    .await?;
    match outcome {
        FileImport::Imported {
            format,
            events,
            warnings,
        } => Ok(Imported::Imported {
            name,
            format,
            events,
            warnings,
        }),
        FileImport::Duplicate(earlier) => Ok(Imported::Duplicate {
            name,
            events: earlier.events,
            earlier,
        }),
        FileImport::Failed(message) => Err(WebError::bad("file", message)),
    }
}

/// The file of a request: the first multipart part with a file name (or named `file`), or
/// the raw body named by `?name=`. Returns (name, bytes, the other text fields).
pub async fn read_upload(
    query_name: Option<String>,
    request: axum::extract::Request,
) -> Result<(String, Vec<u8>, Vec<(String, String)>), WebError> {
    use axum::extract::FromRequest as _;
    let is_multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("multipart/form-data"));
    let default_name = || query_name.clone().unwrap_or_else(|| "upload".into());
    if !is_multipart {
        let bytes = axum::body::to_bytes(request.into_body(), crate::BODY_LIMIT)
            .await
            .map_err(|_| WebError::bad("file", "too large (16 MB at most)"))?;
        return Ok((default_name(), bytes.to_vec(), Vec::new()));
    }
    let mut parts = axum::extract::Multipart::from_request(request, &())
        .await
        .map_err(|e| WebError::bad("file", e.body_text()))?;
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::bad("file", format!("unreadable upload ({})", e.body_text()))
    };
    let mut file = None;
    let mut fields = Vec::new();
    while let Some(part) = parts.next_field().await.map_err(bad)? {
        let field_name = part.name().unwrap_or("").to_string();
        let file_name = part.file_name().map(str::to_string);
        if file.is_none() && (file_name.is_some() || field_name == "file") {
            let name = file_name.unwrap_or_else(default_name);
            let bytes = part.bytes().await.map_err(bad)?;
            file = Some((name, bytes.to_vec()));
        } else {
            let text = part.text().await.map_err(bad)?;
            fields.push((field_name, text));
        }
    }
    let (name, bytes) = file.ok_or_else(|| WebError::bad("file", "the upload has no file part"))?;
    Ok((name, bytes, fields))
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_lose_paths_controls_and_direction_overrides() {
        assert_eq!(clean_name("C:\\runs\\morning.fit"), "morning.fit");
        assert_eq!(clean_name("photo\u{202E}gpj.exe"), "photogpj.exe");
        assert_eq!(clean_name("a\u{200B}b\u{2066}c\u{FEFF}.csv"), "abc.csv");
        assert_eq!(clean_name(" \u{202E} "), "upload");
    }
}

//! Every parameter in `Params` names an evidence key, every key is explained in
//! `docs/evidence.md` (in a row that names the parameter), and every parameter is in the table of
//! `docs/model.md`. Reads the sources as text: the doc comment above a field (or above the run
//! of fields it heads) is the field's.

const PARAMS: &str = include_str!("../../src/params.rs");
const EVIDENCE: &str = include_str!("../../../../docs/evidence.md");
const MODEL: &str = include_str!("../../../../docs/model.md");

/// Every field of `Params` with the evidence keys of its doc comment.
fn fields_and_keys() -> Vec<(&'static str, Vec<String>)> {
    let start = PARAMS.find("pub struct Params {").expect("Params");
    let end = start + PARAMS[start..].find("\n}\n").expect("end of Params");
    let mut fields = Vec::new();
    let mut doc = String::new();
    let mut doc_is_new = false;
    let mut group_doc = String::new();
    for line in PARAMS[start..end].lines().skip(1).map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            if !doc_is_new {
                doc.clear();
                doc_is_new = true;
            }
            doc.push_str(text);
            doc.push('\n');
        } else if line.starts_with("// ----") {
            // A section starts: its first field must have a doc of its own.
            group_doc.clear();
            doc_is_new = false;
        } else if let Some(rest) = line.strip_prefix("pub ") {
            if doc_is_new {
                group_doc = std::mem::take(&mut doc);
                doc_is_new = false;
            }
            let name = rest.split(':').next().expect("field name");
            fields.push((name, keys(&group_doc)));
        }
    }
    fields
}

/// The evidence keys in a doc comment: `[KEY]` or `[KEY: sources]`, KEY in capitals and hyphens.
fn keys(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in doc.match_indices('[') {
        let rest = &doc[i + 1..];
        let len = rest
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(rest.len());
        let key = &rest[..len];
        let closed = rest[len..].starts_with(']') || rest[len..].starts_with(':');
        if closed && key.len() >= 2 && key.starts_with(|c: char| c.is_ascii_uppercase()) {
            out.push(key.to_string());
        }
    }
    out
}

/// The row of `docs/evidence.md`'s tables that explains `key`.
fn evidence_row(key: &str) -> Option<&'static str> {
    let cell = format!("| **{key}** |");
    EVIDENCE.lines().find(|line| line.starts_with(&cell))
}

#[test]
fn every_parameter_has_an_evidence_key_explained_in_docs_evidence() {
    let fields = fields_and_keys();
    assert!(fields.len() > 200, "found only {} fields", fields.len());
    let mut problems = Vec::new();
    for (name, keys) in &fields {
        if keys.is_empty() {
            problems.push(format!("`{name}` names no evidence key"));
        }
        for key in keys {
            match evidence_row(key) {
                None => problems.push(format!(
                    "key {key} (of `{name}`) is not in docs/evidence.md"
                )),
                Some(row) if !row.contains(&format!("`{name}`")) => problems.push(format!(
                    "docs/evidence.md's row {key} does not name `{name}`"
                )),
                Some(_) => {}
            }
        }
        if !MODEL.contains(&format!("| `{name}` |")) {
            problems.push(format!(
                "`{name}` is not in docs/model.md's parameter table"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

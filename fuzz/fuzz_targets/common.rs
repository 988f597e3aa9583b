//! Shared by the targets: parse with a forced prefix and turn every item into its event.

/// Panics the importer catches on purpose (inside the guarded FIT decoder) must not abort the
/// fuzzer, which installs an aborting panic hook; anything else still unwinds to libFuzzer's
/// own `catch_unwind` and is reported.
pub fn quiet_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

pub fn run(prefix: &[u8], data: &[u8]) {
    quiet_caught_panics();
    let mut bytes = prefix.to_vec();
    bytes.extend_from_slice(data);
    if let Ok(imported) = myo_import::parse("fuzz".as_ref(), &bytes) {
        for item in &imported.items {
            if let Some(event) = item.to_event() {
                assert!(event.get("at").is_some() && event.get("kind").is_some());
            }
        }
    }
}

//! The architecture invariants of ARCHITECTURE.md that the crate graph can show, checked on
//! every crate's Cargo.toml: dependencies point inward, and each outer technology (TOML, HTTP,
//! SQL, the async runtime) stays in the one layer that owns it. (The file system, the clock
//! and the environment are kept to the binary by clippy's `disallowed-methods`, clippy.toml.)

use std::collections::BTreeMap;
use std::path::Path;

/// Each crate's layer: a crate may depend only on crates of a lower layer.
const LAYERS: &[(&str, u32)] = &[
    ("myo-model", 0),
    ("myo-catalogue", 1),
    ("myo-metrics", 1),
    ("myo-personal", 1),
    ("myo-scenario", 2),
    ("myo-advisor", 3),
    ("myo-import", 3),
    ("myo-app", 4),
    ("myo-store", 4),
    ("myo-service", 5),
    ("myo-web", 6),
    ("myo", 7),
    ("myo-validate", 7),
];

/// Outer technologies and the only crates that may use them (normal dependencies).
const OWNERS: &[(&str, &[&str])] = &[
    ("toml", &["myo-scenario"]),
    ("axum", &["myo-web"]),
    ("hyper", &["myo-web"]),
    ("hyper-util", &["myo-web"]),
    ("maud", &["myo-web"]),
    ("sqlx", &["myo-store"]),
    ("clap", &["myo"]),
    ("tokio", &["myo-store", "myo-service", "myo-web", "myo"]),
];

/// Every workspace crate's normal and dev dependencies, by name.
fn manifests() -> BTreeMap<String, (Vec<String>, Vec<String>)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&crates).unwrap() {
        let path = entry.unwrap().path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let doc: toml::Table = toml::from_str(&text).unwrap();
        let name = doc["package"]["name"].as_str().unwrap().to_string();
        let keys = |section: &str| -> Vec<String> {
            doc.get(section)
                .and_then(|t| t.as_table())
                .map(|t| t.keys().cloned().collect())
                .unwrap_or_default()
        };
        out.insert(name, (keys("dependencies"), keys("dev-dependencies")));
    }
    out
}

#[test]
fn dependencies_point_inward() {
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let all = manifests();
    for (name, (deps, dev)) in &all {
        if name == "myo-testkit" {
            continue;
        }
        let layer = *layers
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{name}: give it a layer in LAYERS (and ARCHITECTURE.md)"));
        for d in deps.iter().filter(|d| d.starts_with("myo")) {
            assert_ne!(
                d, "myo-testkit",
                "{name}: myo-testkit is for dev-dependencies only"
            );
            let inner = layers[d.as_str()];
            assert!(
                inner < layer,
                "{name} (layer {layer}) depends on {d} (layer {inner}): dependencies point inward"
            );
        }
        for d in dev
            .iter()
            .filter(|d| d.starts_with("myo") && *d != "myo-testkit")
        {
            assert!(layers.contains_key(d.as_str()), "{name}: unknown crate {d}");
        }
    }
}

#[test]
fn each_technology_stays_in_its_layer() {
    for (name, (deps, _)) in manifests() {
        for (tech, owners) in OWNERS {
            if deps.iter().any(|d| d == tech) {
                assert!(
                    owners.contains(&name.as_str()),
                    "{name} depends on {tech}: only {owners:?} may"
                );
            }
        }
    }
}

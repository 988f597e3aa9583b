//! Runs every validation case (`tests/validation/**/*.case.toml`) through the `myo simulate`
//! binary, exactly as a user would, and checks every expectation. `sample/` holds the cases
//! shipped with the reference; `literature/` the rest of the physiology table; `audit/` an
//! independent audit of figures the other two did not check.
//!
//! `MYO_VALIDATION_VERBOSE=1` prints every checked value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use toml::Value;

fn offset(text: &str) -> f64 {
    myo_scenario::time::parse_offset_h(text).unwrap_or_else(|| panic!("bad offset {text}"))
}

fn str_pair(v: &Value) -> (String, String) {
    let a = v.as_array().expect("pair");
    (
        a[0].as_str().unwrap().to_string(),
        a[1].as_str().unwrap().to_string(),
    )
}

fn num_pair(v: &Value) -> (f64, f64) {
    let a = v.as_array().expect("pair");
    let n = |x: &Value| x.as_float().or(x.as_integer().map(|i| i as f64)).unwrap();
    (n(&a[0]), n(&a[1]))
}

/// The report of one variant, by offset.
struct Run {
    points: BTreeMap<i64, Json>,
    advice: Vec<String>,
}

impl Run {
    fn at(&self, h: f64) -> &Json {
        self.points
            .get(&((h * 1000.0).round() as i64))
            .unwrap_or_else(|| panic!("no point at {h} h"))
    }

    fn value(&self, h: f64, muscle: Option<&str>, field: &str) -> f64 {
        let p = self.at(h);
        let v = match muscle {
            Some(m) => &p["muscles"][m][field],
            None => &p["systemic"][field],
        };
        v.as_f64()
            .unwrap_or_else(|| panic!("no numeric {field} for {muscle:?} at {h} h"))
    }
}

/// Runs `myo simulate` on a variant at `times` (or at the scenario's own query times).
fn run_variant(scenario: &Path, times: &[f64]) -> Run {
    let mut command = crate::myo();
    command
        .arg("simulate")
        .arg(scenario)
        .args(["--format", "json"]);
    if !times.is_empty() {
        let mut sorted: Vec<f64> = times.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        let at: Vec<String> = sorted
            .iter()
            .map(|t| format!("{:+}m", (t * 60.0).round()).replace("+-", "-"))
            .collect();
        command.arg(format!("--at={}", at.join(",")));
    }
    let output = command.output().expect("myo runs");
    assert!(
        output.status.success(),
        "myo simulate {} failed: {}",
        scenario.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Json = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let mut points = BTreeMap::new();
    for p in json["points"].as_array().expect("points") {
        let h = p["offset_h"].as_f64().unwrap();
        points.insert((h * 1000.0).round() as i64, p.clone());
    }
    let advice = json["advice"]
        .as_array()
        .expect("advice")
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect();
    Run { points, advice }
}

/// Checks one case file; returns its failures (empty when all hold).
fn check_case(path: &Path, verbose: bool) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let case: Value = toml::from_str(&text).unwrap();
    let id = case["case"]["id"].as_str().unwrap_or("?").to_string();
    let dir = path.parent().unwrap();
    let mut scenarios = BTreeMap::new();
    for v in case["variant"].as_array().unwrap() {
        scenarios.insert(
            v["name"].as_str().unwrap().to_string(),
            dir.join(v["scenario"].as_str().unwrap()),
        );
    }
    let expects = case
        .get("expect")
        .and_then(|e| e.as_array())
        .cloned()
        .unwrap_or_default();
    // Every time each variant must report.
    let mut times: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for e in &expects {
        let names: Vec<String> = match (e.get("variant"), e.get("variants")) {
            (Some(v), _) => vec![v.as_str().unwrap().to_string()],
            (_, Some(vs)) => {
                let (a, b) = str_pair(vs);
                vec![a, b]
            }
            _ => panic!("{id}: expectation without variant"),
        };
        let mut ts = Vec::new();
        if let Some(at) = e.get("at") {
            ts.push(offset(at.as_str().unwrap()));
        }
        if let Some(search) = e.get("search") {
            let (a, b) = str_pair(search);
            let (a, b) = (offset(&a), offset(&b));
            let mut t = a;
            while t <= b + 1e-9 {
                ts.push(t);
                t += 1.0;
            }
        }
        if e.get("advice_codes_only").is_some() && ts.is_empty() {
            // Advice is for the last query point: use the scenario's own query (no --at).
            ts.push(f64::NAN);
        }
        for n in names {
            times.entry(n).or_default().extend(ts.iter().copied());
        }
    }
    let mut runs = BTreeMap::new();
    for (name, ts) in &times {
        let scenario = &scenarios[name];
        let finite: Vec<f64> = ts.iter().copied().filter(|t| t.is_finite()).collect();
        runs.insert(name.clone(), run_variant(scenario, &finite));
    }
    let mut failures = Vec::new();
    for (k, e) in expects.iter().enumerate() {
        let muscle = e.get("muscle").and_then(|m| m.as_str());
        let field = e.get("field").and_then(|f| f.as_str());
        let label = format!(
            "{id} #{}: {} {} {}",
            k + 1,
            e.get("variant")
                .map(|v| v.to_string())
                .or(e.get("variants").map(|v| v.to_string()))
                .unwrap_or_default(),
            muscle.unwrap_or("systemic"),
            field.unwrap_or("")
        );
        let outcome: Result<String, String> = (|| {
            if let Some(range) = e.get("range") {
                let run = &runs[e["variant"].as_str().unwrap()];
                let at = offset(e["at"].as_str().unwrap());
                let v = run.value(at, muscle, field.unwrap());
                let (lo, hi) = num_pair(range);
                let msg = format!("at {at} h = {v:.3}, want [{lo}, {hi}]");
                return if v >= lo && v <= hi {
                    Ok(msg)
                } else {
                    Err(msg)
                };
            }
            if let Some(window) = e.get("peak_within") {
                let run = &runs[e["variant"].as_str().unwrap()];
                let (s0, s1) = str_pair(&e["search"]);
                let (s0, s1) = (offset(&s0), offset(&s1));
                let (mut best_t, mut best) = (s0, f64::NEG_INFINITY);
                let mut t = s0;
                while t <= s1 + 1e-9 {
                    let v = run.value(t, muscle, field.unwrap());
                    if v > best {
                        best = v;
                        best_t = t;
                    }
                    t += 1.0;
                }
                let (w0, w1) = str_pair(window);
                let (w0, w1) = (offset(&w0), offset(&w1));
                let msg = format!("peak {best:.3} at {best_t} h, want within [{w0}, {w1}] h");
                return if best_t >= w0 && best_t <= w1 {
                    Ok(msg)
                } else {
                    Err(msg)
                };
            }
            if e.get("ratio").is_some() || e.get("difference").is_some() {
                let (a, b) = str_pair(&e["variants"]);
                let at = offset(e["at"].as_str().unwrap());
                let va = runs[&a].value(at, muscle, field.unwrap());
                let vb = runs[&b].value(at, muscle, field.unwrap());
                let (value, (lo, hi), what) = match e.get("ratio") {
                    Some(r) => (va / vb, num_pair(r), "ratio"),
                    None => (va - vb, num_pair(&e["difference"]), "difference"),
                };
                let msg = format!(
                    "{what} at {at} h = {value:.3} ({va:.3} vs {vb:.3}), want [{lo}, {hi}]"
                );
                return if value >= lo && value <= hi {
                    Ok(msg)
                } else {
                    Err(msg)
                };
            }
            if let Some(severity) = e.get("flag") {
                let run = &runs[e["variant"].as_str().unwrap()];
                let at = offset(e["at"].as_str().unwrap());
                let flags = run.at(at)["flags"].as_array().unwrap().clone();
                let has = flags
                    .iter()
                    .any(|f| f["severity"] == severity.as_str().unwrap());
                let want = e["present"].as_bool().unwrap();
                let msg = format!("{} flag at {at} h present = {has}, want {want}", severity);
                return if has == want { Ok(msg) } else { Err(msg) };
            }
            if let Some(codes) = e.get("advice_codes_only") {
                let run = &runs[e["variant"].as_str().unwrap()];
                let allowed: Vec<&str> = codes
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect();
                let ok = !run.advice.is_empty()
                    && run.advice.iter().all(|c| allowed.contains(&c.as_str()));
                let msg = format!("advice {:?}, want only {allowed:?}", run.advice);
                return if ok { Ok(msg) } else { Err(msg) };
            }
            Err("unknown expectation form".into())
        })();
        match outcome {
            Ok(msg) => {
                if verbose {
                    println!("ok   {label}: {msg}");
                }
            }
            Err(msg) => {
                if verbose {
                    println!("FAIL {label}: {msg}");
                }
                failures.push(format!("{label}: {msg}"));
            }
        }
    }
    (expects.len(), failures)
}

fn cases(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/validation")
        .join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".case.toml"))
        .collect();
    out.sort();
    out
}

fn check_dir(dir: &str) {
    let verbose = std::env::var_os("MYO_VALIDATION_VERBOSE").is_some();
    let paths = cases(dir);
    assert!(!paths.is_empty(), "no cases in {dir}");
    let mut all = Vec::new();
    let mut total = 0;
    for path in &paths {
        let (n, failures) = check_case(path, verbose);
        total += n;
        all.extend(failures);
    }
    assert!(
        all.is_empty(),
        "{} of {total} expectations in {} {dir} cases failed:\n{}",
        all.len(),
        paths.len(),
        all.join("\n")
    );
}

#[test]
fn sample_cases_pass() {
    check_dir("sample");
}

#[test]
fn literature_cases_pass() {
    check_dir("literature");
}

#[test]
fn audit_cases_pass() {
    check_dir("audit");
}

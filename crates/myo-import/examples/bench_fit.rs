//! Throughput of FIT parsing over a set of files, for `scripts/bench-import.sh`.
//!
//! `bench_fit import|bare SECONDS FILE...` loads the files into memory, then parses all of
//! them repeatedly for at least SECONDS and prints one JSON line: files/s and MB/s of the
//! best pass and the median pass. `import` is `myo_import::parse` (detection, guarded decode,
//! items with samples, laps, RR, downhill); `bare` is a plain `fitparser::from_bytes` loop.
#![allow(clippy::disallowed_methods)] // a test or tool over fixture files, outside the library
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("import");
    let seconds: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let files: Vec<(String, Vec<u8>)> = args[3..]
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("readable file")))
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut passes = Vec::new();
    let mut checksum = 0usize;
    let mut failed = 0usize;
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < seconds || passes.len() < 3 {
        let t = Instant::now();
        failed = 0;
        for (path, data) in &files {
            match mode {
                "bare" => match fitparser::from_bytes(data) {
                    Ok(records) => checksum += records.len(),
                    Err(_) => failed += 1,
                },
                _ => match myo_import::parse(path.as_ref(), data) {
                    Ok(i) => checksum += i.items.len() + i.source_records,
                    Err(_) => failed += 1,
                },
            }
        }
        passes.push(t.elapsed().as_secs_f64());
    }
    passes.sort_by(f64::total_cmp);
    let best = passes[0];
    let median = passes[passes.len() / 2];
    let mb = bytes as f64 / 1e6;
    println!(
        "{{\"tool\": \"{}\", \"files\": {}, \"mb\": {:.3}, \"failed\": {}, \"passes\": {}, \"best_files_per_s\": {:.1}, \"best_mb_per_s\": {:.2}, \"median_files_per_s\": {:.1}, \"median_mb_per_s\": {:.2}, \"checksum\": {}}}",
        if mode == "bare" { "fitparser 0.11 bare from_bytes" } else { "myo-import parse" },
        files.len(),
        mb,
        failed,
        passes.len(),
        files.len() as f64 / best,
        mb / best,
        files.len() as f64 / median,
        mb / median,
        checksum
    );
}

//! Prints what `myo_import::parse` finds in each file given (development aid).
#![allow(clippy::disallowed_methods)] // a test or tool over fixture files, outside the library
fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).expect("readable file");
        match myo_import::parse(p.as_ref(), &bytes) {
            Err(e) => println!("{e}"),
            Ok(i) => {
                println!("{p}: {} records, {} items", i.source_records, i.items.len());
                for w in &i.warnings {
                    println!("  warning: {w}");
                }
                for it in &i.items {
                    match it {
                        myo_import::Item::Activity(a) => println!(
                            "  activity {} {} {} elapsed {:.1}s moving {:?} dist {:?} hr {:?}/{:?} pw {:?} laps {} samples {} downhill {:?}",
                            a.start, a.sport, a.source_sport, a.elapsed_s, a.moving_s, a.distance_m, a.avg_hr_bpm, a.max_hr_bpm, a.avg_power_w, a.laps.len(), a.samples.len(), a.downhill
                        ),
                        myo_import::Item::RrSeries(r) => println!("  rr {} valid, {} invalid", r.rr_ms.len(), r.invalid_dropped),
                        other => println!("  {:?}", other.to_event()),
                    }
                    if let Some(e) = it.to_event() {
                        println!("    event {e}");
                    }
                }
            }
        }
    }
}

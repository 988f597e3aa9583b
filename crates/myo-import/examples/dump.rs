//! Dumps the decoded messages of one kind (development aid): `dump FILE KIND [N]`.
#![allow(clippy::disallowed_methods)] // a test or tool over fixture files, outside the library
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("readable file");
    let n: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let mut seen = 0;
    let r = myo_import::fit::decode(&bytes, |r| {
        if r.kind().to_string() == args[2] && seen < n {
            seen += 1;
            let fields: Vec<String> = r
                .fields()
                .iter()
                .map(|f| format!("{}={}", f.name(), f.value()))
                .collect();
            println!("{}", fields.join(" "));
        }
    });
    println!("{r:?}");
}

//! CSV layouts: PMData (every row of p01–p08), HRV4Training, Elite HRV, Strong, Hevy, the
//! generic CSV, and the errors for unknown layouts and bad values.

use myo_import::{CsvLayout, ErrorKind, Format, Item, Location};

use crate::{bytes, imported};

fn rows(rel: &str) -> usize {
    let text = String::from_utf8(bytes(rel)).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[test]
fn pmdata_p01_to_p08_import_every_row() {
    let (mut sessions, mut wellness) = (0, 0);
    for p in 1..=8 {
        let srpe = format!("pmdata/p0{p}/pmsys/srpe.csv");
        let i = imported(&srpe);
        assert_eq!(i.format, Format::Csv(CsvLayout::PmsysSrpe));
        let n = i
            .items
            .iter()
            .filter(|x| matches!(x, Item::SessionRpe(_)))
            .count();
        assert_eq!(n, rows(&srpe), "{srpe}: {:?}", i.warnings);
        sessions += n;
        // Every session becomes an event (sport from the activity words, RPE, minutes).
        assert_eq!(i.events().len(), n, "{srpe}");

        let well = format!("pmdata/p0{p}/pmsys/wellness.csv");
        let i = imported(&well);
        assert_eq!(i.format, Format::Csv(CsvLayout::PmsysWellness));
        let n = i
            .items
            .iter()
            .filter(|x| matches!(x, Item::Wellness(_)))
            .count();
        assert_eq!(n, rows(&well), "{well}: {:?}", i.warnings);
        wellness += n;
    }
    // wc -l minus headers of the copied files.
    assert_eq!((sessions, wellness), (496, 985));
}

#[test]
fn pmdata_values() {
    let i = imported("pmdata/p01/pmsys/srpe.csv");
    let Item::SessionRpe(s) = &i.items[0] else {
        panic!()
    };
    // 2019-11-05T22:51:54.710Z, ['individual', 'running'], RPE 7, 30 min: ends then.
    assert_eq!(s.start.to_rfc3339(), "2019-11-05T22:21:54.710+00:00");
    assert_eq!((s.rpe, s.minutes, s.load_au()), (7.0, 30.0, 210.0));
    assert_eq!(s.activities, ["individual", "running"]);
    let e = i.items[0].to_event().unwrap();
    assert_eq!(
        (e["sport"].as_str(), e["rpe"].as_f64()),
        (Some("run"), Some(7.0))
    );

    let i = imported("pmdata/p01/pmsys/wellness.csv");
    let Item::Wellness(w) = &i.items[0] else {
        panic!()
    };
    // 2,3,5,6,3,2,[12921003],3
    assert_eq!(
        (w.fatigue, w.mood, w.readiness),
        (Some(2.0), Some(3.0), Some(5.0))
    );
    assert_eq!(
        (w.sleep_duration_h, w.soreness, w.stress),
        (Some(6.0), Some(2.0), Some(3.0))
    );
    assert_eq!(w.soreness_areas, [12921003]);
    let e = i.items[0].to_event().unwrap();
    // Fatigue 2 of 5 (more tired than normal) is 7.75 on the spec's 1–10 fatigue scale.
    assert_eq!(e["fatigue"], 7.8);
    assert_eq!(e["mood"], 5.5);
    assert_eq!(e["stress"], 5.5);
    assert_eq!(e["soreness"]["glutes"], 5.0);
}

#[test]
fn daily_hrv_exports() {
    let hrv4t = "date,timestamp_measurement,HR,AVNN,SDNN,rMSSD,pNN50,HRV4T_Recovery_Points\n\
                 2024-01-02,2024-01-02 07:01:10,52,1153,60.1,71.4,41,7.4\n\
                 2024-01-03,2024-01-03 07:03:00,55,1090,55,,30,6.9\n";
    let i = myo_import::parse("hrv4t.csv".as_ref(), hrv4t.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Csv(CsvLayout::Hrv4Training));
    assert_eq!(
        i.items.len(),
        1,
        "the row without rMSSD is skipped with a warning"
    );
    assert!(
        i.warnings[0].to_string().starts_with("3: row skipped"),
        "{:?}",
        i.warnings
    );
    let e = i.items[0].to_event().unwrap();
    assert_eq!(e["kind"], "observation");
    assert_eq!(e["rmssd_ms"], 71.4);
    assert_eq!(e["resting_hr"], 52.0);
    assert_eq!(e["at"], "2024-01-02T07:00:00Z");

    let elite = "Date Time Start,Date Time End,Reading Type,Position,HR,HRV,Morning Readiness,ln(rMSSD),rMSSD,SDNN\n\
                 2024-01-02 06:55:00,2024-01-02 06:57:00,Morning Readiness,Lying Down,50,68,7,4.1,60.3,70\n";
    let i = myo_import::parse("elite.csv".as_ref(), elite.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Csv(CsvLayout::EliteHrv));
    let Item::DailyHrv(h) = &i.items[0] else {
        panic!()
    };
    assert_eq!(
        (h.rmssd_ms, h.ln_rmssd, h.resting_hr_bpm),
        (Some(60.3), Some(4.1), Some(50.0))
    );
}

#[test]
fn strong_and_hevy_strength_logs() {
    let strong = "Date;Workout Name;Duration;Exercise Name;Set Order;Weight;Reps;Distance;Seconds;Notes;Workout Notes;RPE\n\
                  2024-01-02 18:00:00;Legs;1h;Squat (Barbell);1;100;5;0;0;;;8\n\
                  2024-01-02 18:00:00;Legs;1h;Squat (Barbell);2;100;5;0;0;;;8.5\n\
                  2024-01-02 18:00:00;Legs;1h;Frobnicator 3000;1;20;10;0;0;;;\n\
                  2024-01-04 18:00:00;Push;1h;Bench Press;1;60;8;0;0;;;\n";
    let i = myo_import::parse("strong.csv".as_ref(), strong.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Csv(CsvLayout::Strong));
    assert_eq!(i.items.len(), 2);
    let Item::Strength(s) = &i.items[0] else {
        panic!()
    };
    assert_eq!(s.exercises.len(), 2);
    assert_eq!(s.exercises[0].sets.len(), 2);
    assert_eq!(s.exercises[0].sets[1].rpe, Some(8.5));
    assert!(
        s.exercises[0].catalogue_name.is_some(),
        "{:?}",
        s.exercises[0]
    );
    assert_eq!(s.exercises[1].catalogue_name, None);
    assert!(i.warnings.iter().any(|w| w.message.contains("Frobnicator")));

    let hevy = "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"weight_kg\",\"reps\",\"distance_km\",\"duration_seconds\",\"rpe\"\n\
                \"Pull\",\"30 Dec 2023, 08:15\",\"30 Dec 2023, 09:15\",\"\",\"Deadlift (Barbell)\",,\"\",0,\"warmup\",60,5,,,\n\
                \"Pull\",\"30 Dec 2023, 08:15\",\"30 Dec 2023, 09:15\",\"\",\"Deadlift (Barbell)\",,\"\",1,\"normal\",140,5,,,9\n\
                \"Pull\",\"30 Dec 2023, 08:15\",\"30 Dec 2023, 09:15\",\"\",\"Pull Up\",,\"\",0,\"normal\",,8,,,\n";
    let i = myo_import::parse("hevy.csv".as_ref(), hevy.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Csv(CsvLayout::Hevy));
    let Item::Strength(s) = &i.items[0] else {
        panic!()
    };
    assert_eq!(s.start.to_rfc3339(), "2023-12-30T08:15:00+00:00");
    assert_eq!(s.exercises[0].sets.len(), 1, "warm-up sets are not counted");
    assert_eq!(s.exercises[0].sets[0].load_kg, Some(140.0));
    assert_eq!(s.exercises[1].sets[0].load_kg, None);
    let e = i.items[0].to_event().unwrap();
    crate::events::check_scenario(&[e]);
}

#[test]
fn generic_csv_and_its_errors() {
    let text = "at,kind,sport,minutes,avg_hr,rpe,exercise,muscles,sets,reps,load_kg,hours,quality,rmssd_ms,soreness\n\
                2026-01-05T07:00:00Z,observation,,,,,,quadriceps;glutes,,,,,,62,4\n\
                2026-01-05T18:00:00Z,strength,,,,7,back squat,,5,5,100,,,,\n\
                2026-01-05T18:00:00Z,strength,,,,,,hamstrings,3,10,20,,,,\n\
                2026-01-06T07:00:00Z,endurance,run,45,,6,,,,,,,,,\n\
                2026-01-06T23:00:00Z,sleep,,,,,,,,,,7.5,4,,\n\
                2026-01-07T07:00:00Z,endurance,swimm,45,140,,,,,,,,,,\n";
    let i = myo_import::parse("log.csv".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Csv(CsvLayout::Generic));
    let events = i.events();
    assert_eq!(events.len(), 4, "{events:?}");
    assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
    assert!(
        i.warnings[0].message.contains("did you mean"),
        "{:?}",
        i.warnings
    );
    assert_eq!(
        i.warnings[0].location,
        Some(Location::Line {
            line: 7,
            column: None
        })
    );
    crate::events::check_scenario(&events);
    // The run by RPE keeps its sport (it was "other" when it went through the session-RPE path).
    let run = events.iter().find(|e| e["kind"] == "endurance").unwrap();
    assert_eq!(
        (run["sport"].as_str(), run["rpe"].as_f64()),
        (Some("run"), Some(6.0)),
        "{run}"
    );

    let typo = "at,kind,minuts\n2026-01-05T07:00:00Z,endurance,30\n";
    let e = myo_import::parse("log.csv".as_ref(), typo.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("column \"minuts\""), "{e}");
    assert!(e.to_string().contains("did you mean \"minutes\""), "{e}");
}

#[test]
fn unknown_layouts_are_named() {
    let text = "when,what,how much\n2024-01-01,squat,100\n";
    let e = myo_import::parse("mystery.csv".as_ref(), text.as_bytes()).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::UnknownCsvLayout {
            columns: "when,what,how much".into()
        }
    );
    assert!(
        e.to_string()
            .starts_with("mystery.csv:1: unknown CSV layout"),
        "{e}"
    );
}

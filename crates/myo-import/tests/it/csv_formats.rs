//! CSV layouts: PMData (every row of p01–p08), HRV4Training, Elite HRV, Strong, Hevy, the
//! generic CSV, and the errors for unknown layouts and bad values.

use myo_import::{CsvLayout, ErrorKind, Format, Item, Location};

use crate::{bytes, imported};

const SPLIT: usize = 7;
const TWICE: usize = 1;
const STRENGTH: usize = 75;
const NIGHTS: usize = 975;

fn rows(rel: &str) -> usize {
    let text = String::from_utf8(bytes(rel)).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[test]
fn pmdata_p01_to_p08_import_every_row() {
    let warned = |i: &myo_import::Imported, what: &str| {
        i.warnings
            .iter()
            .filter(|w| w.message.contains(what))
            .count()
    };
    let (mut sessions, mut wellness) = (0, 0);
    let (mut split, mut twice, mut strength, mut nights) = (0, 0, 0, 0);
    for p in 1..=8 {
        let srpe = format!("pmdata/p0{p}/pmsys/srpe.csv");
        let i = imported(&srpe);
        assert_eq!(i.format, Format::Csv(CsvLayout::PmsysSrpe));
        let n = i
            .items
            .iter()
            .filter(|x| matches!(x, Item::SessionRpe(_)))
            .count();
        // Every row is a session, but a form sent twice; "strength, running" is two.
        let (s, t) = (warned(&i, "split into"), warned(&i, "logged again"));
        assert_eq!(n, rows(&srpe) + s - t, "{srpe}: {:?}", i.warnings);
        sessions += rows(&srpe);
        (split, twice) = (split + s, twice + t);
        // Every session becomes an event (sport from the activity words, RPE, minutes).
        let events = i.events();
        assert_eq!(events.len(), n, "{srpe}");
        strength += events.iter().filter(|e| e["kind"] == "strength").count();

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
        nights += i
            .items
            .iter()
            .filter(|x| matches!(x, Item::Sleep(s) if s.reported))
            .count();
    }
    // wc -l minus headers of the copied files.
    assert_eq!((sessions, wellness), (496, 985));
    // p04 sent one form twice; 7 rows say "strength" and another activity; 68 only strength.
    assert_eq!((split, twice, strength), (SPLIT, TWICE, STRENGTH));
    // 983 answers give a night; 8 are a second report of a night already reported that day.
    assert_eq!(nights, NIGHTS);
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
    // Soreness 2 of 5 ("increase in soreness") is 5 of 10 for the whole body as for the area;
    // readiness 5 of 10 and sleep quality 3 of 5 as reported.
    assert_eq!(e["general_soreness"], 5.0);
    assert_eq!(e["readiness"], 5.0);
    assert_eq!(e["sleep_quality"], 3.0);
    // The 6 h the athlete slept end at 07:00 that morning (reported later, at 08:31).
    let Item::Sleep(night) = &i.items[1] else {
        panic!("{:?}", i.items[1])
    };
    assert!(night.reported);
    let e = i.items[1].to_event().unwrap();
    assert_eq!(
        (e["kind"].as_str(), e["at"].as_str()),
        (Some("sleep"), Some("2019-11-01T01:00:00Z"))
    );
    assert_eq!(
        (e["hours"].as_f64(), e["quality"].as_u64()),
        (Some(6.0), Some(3))
    );
}

fn parse_at(name: &str, text: &str, offset_h: i32) -> myo_import::Imported {
    let opts = myo_import::Options {
        zone: myo_scenario::Zone::Fixed(chrono::FixedOffset::east_opt(offset_h * 3600).unwrap()),
    };
    myo_import::parse_with(name.as_ref(), text.as_bytes(), &opts).unwrap_or_else(|e| panic!("{e}"))
}

/// The events, their times written in Oslo's winter time (UTC+1) for reading.
fn events_of(i: &myo_import::Imported) -> Vec<serde_json::Value> {
    let oslo = chrono::FixedOffset::east_opt(3600).unwrap();
    i.events()
        .into_iter()
        .map(|mut e| {
            let at = chrono::DateTime::parse_from_rfc3339(e["at"].as_str().unwrap()).unwrap();
            e["at"] = at.with_timezone(&oslo).to_rfc3339().into();
            e
        })
        .collect()
}

const WELLNESS: &str = "effective_time_frame,fatigue,mood,readiness,sleep_duration_h,\
                        sleep_quality,soreness,soreness_area,stress\n";

#[test]
fn pmsys_wellness_gives_the_personal_models_items_and_the_night() {
    // In Oslo (UTC+1): a report at 06:40, one at 14:28 the next day, one sent at 01:30 (the
    // evening's, of that day's night), a form sent again at 08:00, an empty one.
    let text = format!(
        "{WELLNESS}\
         2019-11-01T05:40:00.000Z,3,4,7,8,5,5,[],4\n\
         2019-11-02T13:28:03.263Z,2,3,3,6,1,1,[11207009],2\n\
         2019-11-04T00:30:00.000Z,3,3,0,7,4,3,[],3\n\
         2019-11-04T07:00:00.000Z,3,3,6,7,4,3,[],3\n\
         2019-11-05T06:00:00.000Z,0,0,0,0,0,0,[],0\n"
    );
    let i = parse_at("wellness.csv", &text, 1);
    let e = events_of(&i);
    let kinds: Vec<_> = e.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    // The empty questionnaire gives nothing.
    assert_eq!(
        kinds,
        [
            "observation",
            "sleep",
            "observation",
            "sleep",
            "observation",
            "sleep",
            "observation",
            "sleep"
        ],
        "{e:#?}"
    );
    // 5 of 5 everywhere: "feeling great" is no soreness, "very restful" the best sleep.
    assert_eq!(e[0]["general_soreness"], 0.0);
    assert_eq!(e[0]["sleep_quality"], 5.0);
    assert_eq!(e[0]["readiness"], 7.0);
    // Reported at 06:40: the night ends then.
    assert_eq!(e[1]["at"], "2019-10-31T22:40:00+01:00");
    assert_eq!(
        (e[1]["hours"].as_f64(), e[1]["quality"].as_u64()),
        (Some(8.0), Some(5))
    );
    // 1 of 5 "very sore": 8 of 10, for the whole body and the thighs; insomnia is quality 1.
    assert_eq!(e[2]["general_soreness"], 8.0);
    assert_eq!(e[2]["soreness"]["quadriceps"], 8.0);
    assert_eq!(e[2]["sleep_quality"], 1.0);
    // Reported at 14:28: the night ended at 07:00.
    assert_eq!(e[3]["at"], "2019-11-02T01:00:00+01:00");
    // Sent at 01:30 on the 4th: the 3rd's form, whose night ended on the 3rd at 07:00.
    assert!(
        e[4].get("readiness").is_none(),
        "readiness 0 is not answered: {}",
        e[4]
    );
    assert_eq!(e[5]["at"], "2019-11-03T00:00:00+01:00");
    // The 4th's own report, at 08:00: its night ended at 07:00 on the 4th.
    assert_eq!(e[6]["readiness"], 6.0);
    assert_eq!(e[7]["at"], "2019-11-04T00:00:00+01:00");
}

#[test]
fn a_night_reported_twice_counts_once() {
    // A morning report and an evening one of the same day (p03 does this), a form sent twice.
    let text = format!(
        "{WELLNESS}\
         2019-12-01T07:38:02.291Z,3,3,5,7,3,3,[],3\n\
         2019-12-01T21:12:20.093Z,3,3,5,7,3,3,[],3\n\
         2020-03-07T08:17:42.897Z,3,3,5,8,3,3,[],3\n\
         2020-03-07T08:18:13.008Z,3,3,5,8,3,3,[],3\n"
    );
    let i = parse_at("wellness.csv", &text, 1);
    let e = events_of(&i);
    let nights: Vec<_> = e.iter().filter(|e| e["kind"] == "sleep").collect();
    assert_eq!(nights.len(), 2, "{e:#?}");
    assert_eq!(e.iter().filter(|e| e["kind"] == "observation").count(), 4);
    assert!(
        i.warnings
            .iter()
            .any(|w| w.message.starts_with("2 night(s) reported again")),
        "{:?}",
        i.warnings
    );
    // The rule behind it: another sleep covering at least half the night.
    let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    let night = t("2019-12-01T00:00:00+01:00");
    assert!(myo_import::night_covered(
        night,
        7.0,
        [(t("2019-11-30T23:30:00+01:00"), 6.5)]
    ));
    assert!(!myo_import::night_covered(
        night,
        7.0,
        [(t("2019-12-01T05:00:00+01:00"), 3.0)]
    ));
    assert!(!myo_import::night_covered(
        night,
        7.0,
        [(t("2019-11-30T14:00:00+01:00"), 1.5)]
    ));
}

const SRPE: &str = "end_date_time,activity_names,perceived_exertion,duration_min\n";

#[test]
fn pmsys_sessions_tagged_strength_are_generic_whole_body_strength_sessions() {
    let text = format!(
        "{SRPE}\
         2020-01-10T17:00:00.000Z,\"['individual', 'strength']\",7,60\n\
         2020-01-11T17:00:00.000Z,\"['team', 'strength']\",4,20\n\
         2020-01-12T17:00:00.000Z,\"['individual', 'strength', 'running']\",6,70\n"
    );
    let i = parse_at("srpe.csv", &text, 1);
    let e = events_of(&i);
    assert_eq!(e.len(), 4, "{e:#?}");
    // 60 minutes at RPE 7: 20 sets (a set per 3 minutes) of 10 reps, 3 in reserve, over the
    // lower body, the push and the pull muscles.
    assert_eq!(e[0]["kind"], "strength");
    assert_eq!(e[0]["rpe"], 7.0);
    assert_eq!(e[0]["at"], "2020-01-10T17:00:00+01:00");
    let ex = e[0]["exercise"].as_array().unwrap();
    let sets: Vec<u64> = ex.iter().map(|x| x["sets"].as_u64().unwrap()).collect();
    assert_eq!(sets, [7, 7, 6]);
    assert!(
        ex.iter().all(|x| x["reps"] == 10 && x["rir"] == 3.0),
        "{ex:?}"
    );
    use serde_json::json;
    assert_eq!(
        ex[0]["muscles"],
        json!(["quadriceps", "glutes", "hamstrings"])
    );
    assert_eq!(ex[1]["muscles"], json!(["chest", "shoulders", "triceps"]));
    assert_eq!(ex[2]["muscles"], json!(["lats", "middle_back", "biceps"]));
    // A team's strength session is a strength session too.
    assert_eq!(e[1]["kind"], "strength");
    assert_eq!(e[1]["exercise"][0]["rir"], 6.0);
    // Strength and running: 35 minutes of each, the strength first.
    assert_eq!(
        (e[2]["kind"].as_str(), e[2]["at"].as_str()),
        (Some("strength"), Some("2020-01-12T16:50:00+01:00"))
    );
    assert_eq!(
        (
            e[3]["kind"].as_str(),
            e[3]["sport"].as_str(),
            e[3]["minutes"].as_f64()
        ),
        (Some("endurance"), Some("run"), Some(35.0))
    );
    assert_eq!(e[3]["at"], "2020-01-12T17:25:00+01:00");
    let said = |what: &str| i.warnings.iter().any(|w| w.message.contains(what));
    assert!(
        said("3 session(s) tagged strength carry no exercises"),
        "{:?}",
        i.warnings
    );
    assert!(said(
        "split into a strength session and running of 35 min each"
    ));
    // Every event is one the contract accepts.
    for (_, spec) in i.typed_events() {
        spec.check().unwrap();
    }
}

#[test]
fn pmsys_team_sports_are_team_sports() {
    let text = format!(
        "{SRPE}\
         2019-11-14T21:00:53.000Z,\"['team', 'soccer']\",7,60\n\
         2019-11-15T21:00:00.000Z,\"['team', 'endurance']\",6,45\n\
         2019-11-16T21:00:00.000Z,\"['team', 'running']\",6,45\n\
         2019-11-17T21:00:00.000Z,\"['team', 'handball']\",8,90\n"
    );
    let e = events_of(&parse_at("srpe.csv", &text, 1));
    let sports: Vec<_> = e.iter().map(|e| e["sport"].as_str().unwrap()).collect();
    assert_eq!(sports, ["soccer", "other", "run", "handball"]);
    let p01 = imported("pmdata/p01/pmsys/srpe.csv").events();
    assert_eq!(p01.iter().filter(|e| e["sport"] == "soccer").count(), 11);
}

#[test]
fn pmsys_session_times_are_logging_times() {
    // Oslo: logged at 03:29 (50 min), at 23:50 (60 min) and the same form again a minute later.
    let text = format!(
        "{SRPE}\
         2020-01-12T02:29:25.249Z,\"['individual', 'running']\",6,50\n\
         2020-01-15T22:50:00.000Z,\"['individual', 'running']\",7,60\n\
         2020-01-15T22:51:00.000Z,\"['individual', 'running']\",7,60\n"
    );
    let i = parse_at("srpe.csv", &text, 1);
    let e = events_of(&i);
    assert_eq!(e.len(), 2, "{e:#?}");
    // The evening before, ending at 20:00.
    assert_eq!(e[0]["at"], "2020-01-11T19:10:00+01:00");
    // A late evening log is the session's end.
    assert_eq!(e[1]["at"], "2020-01-15T22:50:00+01:00");
    let line = |n: usize| {
        i.warnings
            .iter()
            .find(|w| {
                w.location
                    == Some(Location::Line {
                        line: n,
                        column: None,
                    })
            })
            .map(|w| w.message.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        line(2),
        "logged at 03:29 local: placed the evening before, ending at 20:00"
    );
    assert!(
        line(4).contains("logged again minutes later"),
        "{:?}",
        i.warnings
    );
    assert!(i
        .warnings
        .iter()
        .any(|w| w.location.is_none() && w.message.starts_with("PMSys stamps a session")));
    // In UTC the same log is at 02:29, also after midnight: 20:00 UTC the day before.
    let utc = events_of(&parse_at("srpe.csv", &text, 0));
    assert_eq!(utc[0]["at"], "2020-01-11T20:10:00+01:00");
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

/// A Strong export of `rows` sets: one workout a day of 10 exercises × 3 sets.
fn strong_rows(rows: usize) -> String {
    let mut csv = String::from("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n");
    let names = [
        "Squat (Barbell)",
        "Bench Press (Barbell)",
        "Deadlift (Barbell)",
        "Pull Up",
        "Overhead Press (Barbell)",
    ];
    for k in 0..rows {
        let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
            + chrono::Duration::days((k / 30) as i64);
        let exercise = names[(k / 3) % names.len()];
        csv.push_str(&format!(
            "{day} 07:00:00,Day,{exercise},{},60,5\n",
            k % 3 + 1
        ));
    }
    csv
}

#[test]
fn a_csv_over_max_rows_is_refused_naming_the_limit() {
    let csv = strong_rows(myo_import::MAX_ROWS + 1);
    let err = myo_import::parse("big.csv".as_ref(), csv.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("MAX_ROWS"), "{err}");
    assert!(err.to_string().contains("100000 rows"), "{err}");
}

/// Parsing is linear in rows: three times the rows take about three times as long (it was
/// quadratic: every set searched the sessions read so far). `docs/benchmarks.md` has the
/// numbers of a release build (`cargo test --release -p myo-import --test it linear -- --nocapture`).
#[test]
fn csv_parsing_is_linear_in_rows() {
    let time = |rows: usize| {
        let csv = strong_rows(rows);
        let start = std::time::Instant::now();
        let parsed = myo_import::parse("strong.csv".as_ref(), csv.as_bytes()).unwrap();
        let events = parsed.typed_events();
        assert_eq!(events.len(), rows.div_ceil(30));
        start.elapsed().as_secs_f64()
    };
    time(2_000); // warm the catalogue
    let small = time(20_000);
    let large = time(60_000);
    println!("20k rows: {small:.3} s, 60k rows: {large:.3} s");
    assert!(large < small * 6.0 + 0.5, "20k: {small} s, 60k: {large} s");
}

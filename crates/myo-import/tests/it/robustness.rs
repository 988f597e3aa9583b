//! Arbitrary and mutated bytes never panic, for every parser entry point.

use proptest::prelude::*;

use crate::bytes;

/// Prefixes that send arbitrary bytes deep into each parser.
const PREFIXES: &[&[u8]] = &[
    b"",
    b"\x0e\x20\x34\x08\x00\x01\x00\x00.FIT\x00\x00",
    b"<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap StartTime=\"2024-01-01T00:00:00Z\"><Track><Trackpoint>",
    b"<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>",
    b"end_date_time,activity_names,perceived_exertion,duration_min\n",
    b"effective_time_frame,fatigue,mood,readiness,sleep_duration_h,sleep_quality,soreness,soreness_area,stress\n",
    b"date,rMSSD,HR\n",
    b"Date Time Start,rMSSD,HR\n",
    b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n",
    b"title,start_time,exercise_title,set_index,set_type,weight_kg,reps\n",
    b"at,kind,sport,minutes,avg_hr,rpe,exercise,muscles,sets,reps,load_kg,hours,quality,soreness\n",
    b"[{\"logId\": 1, \"dateOfSleep\": \"2019-11-02\", \"minutesAsleep\": 378, \"startTime\": \"",
    b"[{\"dateTime\": \"2019-11-01 00:00:00\", \"value\": {\"date\": \"11/01/19\", \"error\": 6.8, \"value\": ",
    b"[{\"logId\": 1, \"activityName\": \"Run\", \"duration\": 1465000, \"startTime\": \"",
    b"[{\"calendarDate\":\"2026-03-10\",\"sleepStartTimestampGMT\":\"2026-03-09T22:10:00.0\",\"deepSleepSeconds\":",
    b"[{\"calendarDate\":\"2026-03-10\",\"metrics\":[{\"type\":\"HRV\",\"value\":",
    b"[{\"calendarDate\":\"2026-03-10\",\"wellnessStartTimeGmt\":\"2026-03-09T23:00:00.0\",\"restingHeartRate\":",
    b"id;day;bedtime_start;bedtime_end;total_sleep_duration;latency;lowest_heart_rate;average_hrv;type\n",
    b"{\"sleep\":[{\"is_longest\":1,\"bedtime_start\":\"2020-01-01T23:10:00+02:00\",\"total\":",
    b"Cycle start time,Cycle timezone,Resting heart rate (bpm),Heart rate variability (ms),Wake onset\n",
    b"Cycle timezone,Sleep onset,Wake onset,Asleep duration (min),Nap\n",
    b"Cycle timezone,Workout start time,Workout end time,Duration (min),Activity name,Average HR (bpm)\n",
    b"{\"exportVersion\":\"1.6\",\"timeZoneOffset\":60,\"exercises\":[{\"sport\":\"RUNNING\",\"startTime\":\"2026-03-10T07:30:00.000\",\"duration\":\"PT",
];

fn exercise(data: &[u8]) {
    let _ = myo_import::detect("x".as_ref(), data);
    if let Ok(i) = myo_import::parse("x".as_ref(), data) {
        for item in &i.items {
            let _ = item.to_event();
        }
    }
    let _ = myo_import::fit::decode(data, |_| {});
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(prefix in 0..PREFIXES.len(), body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut data = PREFIXES[prefix].to_vec();
        data.extend_from_slice(&body);
        exercise(&data);
    }

    #[test]
    fn mutated_real_files_never_panic(
        file in 0..11usize,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let name = [
            "fit/garmin-fenix-5-run.fit",
            "fit/Activity.fit",
            "multi-format/activity_5039744860.gpx",
            "pmdata/p03/pmsys/srpe.csv",
            "pmdata/p01/fitbit/sleep.json",
            "pmdata/p01/fitbit/resting_heart_rate.json",
            "pmdata/p04/fitbit/exercise.json",
            "wearables/garmin/DI_CONNECT/DI-Connect-Wellness/2026-03-01_2026-03-31_100001_sleepData.json",
            "wearables/oura/App Data/sleepmodel.csv",
            "wearables/whoop/physiological_cycles.csv",
            "wearables/polar/training-session-2026-03-10-900000001-0a1b2c3d.json",
        ][file];
        let mut data = bytes(name);
        for (i, b) in flips {
            let i = i.index(data.len());
            data[i] = b;
        }
        data.truncate(cut.index(data.len() + 1));
        exercise(&data);
    }
}

/// The cargo-fuzz seeds (`fuzz/corpus/*`) run here too, so CI replays them on every test run
/// without a nightly toolchain: whole files through detection, parsing and events.
#[test]
fn fuzz_corpus_seeds_never_panic() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let mut n = 0;
    for target in std::fs::read_dir(&corpus).expect("fuzz/corpus") {
        let target = target.unwrap().path();
        if target.file_name().is_some_and(|n| n == "scenario") {
            continue; // the scenario parser's seeds, not files to import
        }
        for seed in std::fs::read_dir(&target).unwrap() {
            exercise(&std::fs::read(seed.unwrap().path()).unwrap());
            n += 1;
        }
    }
    assert!(n >= 20, "{n} seeds");
}

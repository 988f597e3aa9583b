//! An athlete's IANA time zone through the CLI: typed times, stored times and answers follow
//! daylight-saving time (New York moved its clocks forward on 8 March 2026; `MYO_NOW` is 10
//! March), and a wrong zone is refused with a suggestion.

use crate::logbook::backends;

#[test]
fn times_follow_the_athletes_zone_across_a_clock_change() {
    for db in backends("zone") {
        db.ok(&[
            "athlete",
            "add",
            "ny",
            "--sex",
            "male",
            "--age",
            "35",
            "--mass",
            "80",
            "--status",
            "trained",
            "--time-zone",
            "america/new_york",
        ]);
        let athletes = db.json(&["athlete", "list"]);
        assert_eq!(athletes[0]["time_zone"], "America/New_York", "{athletes}");

        for at in ["2026-03-07 18:00", "2026-03-09 18:00", "2026-03-08 02:30"] {
            db.ok(&["log", "endurance", "run", "30m", "--rpe", "5", "--at", at]);
        }
        let mut stored: Vec<String> = db
            .json(&["history", "--all"])
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"]["at"].as_str().unwrap().to_string())
            .collect();
        stored.sort();
        assert_eq!(
            stored,
            [
                // Standard time before the change, summer time after; 02:30 did not exist
                // that night: read as 30 minutes past the change.
                "2026-03-07T18:00:00-05:00",
                "2026-03-08T03:30:00-04:00",
                "2026-03-09T18:00:00-04:00",
            ],
        );

        // Answers carry the local offset of their time.
        let status = db.json(&["status"]);
        let now = status["points"][0]["at"].as_str().unwrap();
        assert!(now.ends_with("-04:00"), "{now}");
        // The morning of a day after the change is 07:00 summer time.
        let plan: serde_json::Value =
            serde_json::from_str(&db.ok(&["plan", "--date", "2026-03-09", "--format", "json"]))
                .unwrap();
        let text = plan.to_string();
        assert!(text.contains("2026-03-09T07:00:00-04:00"), "{text}");

        let err = db.fails(
            2,
            &["athlete", "edit", "ny", "--time-zone", "America/New_Yrok"],
        );
        assert!(err.contains("did you mean \"America/New_York\""), "{err}");
        let err = db.fails(2, &["athlete", "edit", "ny", "--time-zone", "+25:00"]);
        assert!(err.contains("--time-zone"), "{err}");
        // A fixed offset is still a choice.
        db.ok(&["athlete", "edit", "ny", "--time-zone", "-05:00"]);
        assert_eq!(db.json(&["athlete", "list"])[0]["time_zone"], "-05:00");
    }
}

//! The personal model through the CLI: a rating shows at once, what was learned is said in
//! words, and `myo athlete forget` starts it again.

use crate::logbook::backends;

#[test]
fn a_rating_shows_at_once_and_forget_starts_again() {
    for db in backends("personal") {
        db.add_ann();
        db.ok(&[
            "log",
            "strength",
            "Barbell Squat",
            "5x10@70%:ecc",
            "--at",
            "2026-03-09T18:00:00+01:00",
        ]);
        let before = db.json(&["status"]);
        let quads = |v: &serde_json::Value| {
            v["points"][0]["muscles"]["quadriceps"]["soreness"]
                .as_f64()
                .unwrap()
        };
        assert!(quads(&before) < 5.0, "{before}");
        assert_eq!(
            before["points"][0]["expected_reports"],
            serde_json::json!({})
        );
        db.ok(&[
            "log",
            "observation",
            "--soreness",
            "quadriceps=8",
            "--readiness",
            "4",
            "--at",
            "2026-03-10T19:00:00+01:00",
        ]);
        let after = db.json(&["status"]);
        let p = &after["points"][0];
        assert!(quads(&after) > 6.0, "{}", p["muscles"]["quadriceps"]);
        assert_eq!(p["expected_reports"]["soreness.quadriceps"]["n"], 1);
        assert!(
            p["personal"]["damage_susceptibility"]["population"]
                .as_f64()
                .is_some(),
            "{p}"
        );
        // The table says it in words once there is something to say; ratings in a row do.
        for (day, sore) in [
            ("2026-03-05", "2"),
            ("2026-03-06", "3"),
            ("2026-03-07", "2"),
        ] {
            db.ok(&[
                "log",
                "observation",
                "--soreness",
                &format!("quadriceps={sore}"),
                "--readiness",
                "5",
                "--at",
                &format!("{day}T08:00:00+01:00"),
            ]);
        }
        let table = db.ok(&["status"]);
        assert!(table.contains("What myo has learned about you"), "{table}");

        let forgot = db.ok(&["athlete", "forget"]);
        assert!(forgot.contains("forgot"), "{forgot}");
        let reset = db.json(&["status"]);
        assert_eq!(
            reset["points"][0]["expected_reports"],
            serde_json::json!({}),
            "{reset}"
        );
        assert!(
            (quads(&reset) - quads(&before)).abs() < 1e-9,
            "the population's answer again"
        );
        db.ok(&["athlete", "forget", "--undo"]);
        let again = db.json(&["status"]);
        assert_eq!(
            again["points"][0]["expected_reports"]["soreness.quadriceps"]["n"],
            4,
            "{again}"
        );
    }
}

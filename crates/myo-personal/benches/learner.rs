//! The personal model's cost on a year of daily logs with a morning self-report every day
//! (quadriceps soreness, readiness, fatigue, rMSSD): from scratch, resumed from a kept state
//! for today's answer, and taking one new report. `cargo bench -p myo-personal`.

use myo_model::{Event, EventKind, MuscleGroup, Observation, Params};
use myo_personal::{Item, Learner, LearnerState, Options};

fn main() {
    divan::main();
}

const DAYS: usize = 365;

/// The year's scenario (training as `scripts/year-export.py`) and its model events.
fn year() -> (myo_scenario::Scenario, Vec<Event>, f64, f64) {
    let mut text = String::from(
        "[scenario]\nstart = \"2025-03-10T08:00:00+01:00\"\n[athlete]\nsex = \"female\"\nage = 29\nbody_mass_kg = 61\ntraining_status = \"trained\"\n",
    );
    for d in 0..DAYS {
        let h = d * 24;
        match d % 3 {
            0 => text.push_str(&format!("[[event]]\nat = \"+{}h\"\nkind = \"strength\"\nrpe = 8\n[[event.exercise]]\nname = \"Barbell Squat\"\nsets = 5\nreps = 5\nload_kg = 100\n", h + 10)),
            1 => text.push_str(&format!("[[event]]\nat = \"+{}h\"\nkind = \"endurance\"\nsport = \"run\"\nminutes = 45\navg_hr = 150\n", h)),
            _ => text.push_str(&format!("[[event]]\nat = \"+{}h\"\nkind = \"strength\"\n[[event.exercise]]\nname = \"Bench Press\"\nsets = 4\nreps = 8\nload_kg = 60\n", h + 10)),
        }
        text.push_str(&format!(
            "[[event]]\nat = \"+{}h\"\nkind = \"sleep\"\nhours = 7.5\n",
            h + 15
        ));
        text.push_str(&format!(
            "[[event]]\nat = \"+{h}h\"\nkind = \"observation\"\nsoreness = {{ quadriceps = {} }}\nreadiness = {}\nfatigue = {}\nrmssd_ms = {}\n",
            [2, 4, 3][d % 3], [7, 5, 6][d % 3], [3, 5, 4][d % 3], [62, 55, 58][d % 3]
        ));
    }
    let s = myo_scenario::parse(&text).expect("valid");
    let input = s.model_input(24.0 * (DAYS as f64 + 28.0));
    (s.clone(), input.events, input.start_h, input.last_wake_h)
}

fn fresh(y: &(myo_scenario::Scenario, Vec<Event>, f64, f64)) -> Learner {
    Learner::new(
        y.0.athlete.clone(),
        Params::default(),
        y.1.clone(),
        y.2,
        y.3,
        Options::default(),
    )
}

/// Today's answers: expected reports, learned parameters, the personal state.
fn answer(l: &mut Learner, t: f64) -> usize {
    l.advance_through(t);
    let e = l.expected_reports();
    let p = l.personal();
    let _ = l.posterior_snapshot();
    e.len() + p.len()
}

#[divan::bench(sample_count = 3)]
fn year_from_scratch(bencher: divan::Bencher) {
    let y = year();
    let end = 24.0 * DAYS as f64 - 4.0;
    bencher.bench(|| answer(&mut fresh(&y), end));
}

/// The state kept at last midnight, resumed (JSON as the store keeps it) for an answer now.
#[divan::bench(sample_count = 20)]
fn answer_from_kept_state(bencher: divan::Bencher) {
    let y = year();
    let midnight = 24.0 * (DAYS - 1) as f64 + 16.0;
    let mut l = fresh(&y);
    l.advance_to(midnight);
    let kept = serde_json::to_string(&l.state()).unwrap();
    bencher.bench(|| {
        let state: LearnerState = serde_json::from_str(&kept).unwrap();
        let mut l = Learner::resume(y.0.athlete.clone(), Params::default(), y.1.clone(), state);
        answer(&mut l, midnight + 12.0)
    });
}

/// One new report taken by a learner that stands just before it.
#[divan::bench(sample_count = 20)]
fn one_new_report(bencher: divan::Bencher) {
    let (s, mut events, start, wake) = year();
    let at = 24.0 * DAYS as f64 + 8.0;
    events.push(Event {
        at,
        kind: EventKind::Observation(Observation {
            soreness: vec![(MuscleGroup::Quadriceps, 6.0)],
            readiness: Some(4.0),
            ..Observation::default()
        }),
    });
    let mut l = Learner::new(
        s.athlete.clone(),
        Params::default(),
        events,
        start,
        wake,
        Options::default(),
    );
    l.advance_to(at);
    let _ = l.expected_reports();
    bencher.bench(|| {
        let mut l = l.clone();
        l.advance_through(at);
        l.expected(&Item::Soreness(MuscleGroup::Quadriceps))
    });
}

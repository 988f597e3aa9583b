//! A 14-day forecast with its uncertainty range for one athlete, all 17 groups (issue goal:
//! under 50 ms), and the whole day plan built on it.

use myo_advisor::forecast::{self, Ensemble, Run};
use myo_advisor::{Clock, Request};
use myo_model::{MuscleGroup, Params};

fn main() {
    divan::main();
}

/// The lifter's week from `examples/`, planned the morning after its last session.
fn scenario() -> myo_scenario::Scenario {
    myo_scenario::parse(include_str!("../../../examples/lifters-week.toml")).expect("example")
}

#[divan::bench]
fn fourteen_day_forecast_with_range(bencher: divan::Bencher) {
    let s = scenario();
    let at = s.events.iter().map(|e| e.at).fold(0.0, f64::max) + 12.0;
    let until = at + 14.0 * 24.0;
    let input = s.model_input(until);
    let params = Params::default();
    let run = Run {
        athlete: &s.athlete,
        params: &params,
        events: &input.events,
        start_h: input.start_h,
        last_wake_h: input.last_wake_h,
    };
    let ensemble = Ensemble::default();
    bencher.bench(|| {
        let ready = forecast::ready_times(run.simulation(), at, until, &MuscleGroup::ALL);
        let range = forecast::ready_ranges(&run, at, until, &MuscleGroup::ALL, &ensemble);
        divan::black_box((ready, range))
    });
}

#[divan::bench]
fn day_plan_with_range(bencher: divan::Bencher) {
    let s = scenario();
    let at = s.events.iter().map(|e| e.at).fold(0.0, f64::max) + 12.0;
    let input = s.model_input(at + forecast::HORIZON_H);
    let params = Params::default();
    let request = Request {
        run: Run {
            athlete: &s.athlete,
            params: &params,
            events: &input.events,
            start_h: input.start_h,
            last_wake_h: input.last_wake_h,
        },
        logged: &s.events,
        clock: Clock::of(&s),
        at_h: at,
        ensemble: Some(Ensemble::default()),
        history: None,
        personal: None,
    };
    bencher.bench(|| divan::black_box(myo_advisor::day_plan(&request)));
}

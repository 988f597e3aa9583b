//! The predictors: each answers, for one morning report, what the athlete will say, from the
//! [`Past`] alone. They are called in time order over every morning of an athlete (warm-up
//! half included), so those that calibrate can remember what they answered before.

use myo_metrics::load::ratio::{acwr_rolling_coupled, WindowFill};
use myo_metrics::load::{pmc, PmcConfig};
use myo_model::{Athlete, Checkpoint, Event, Params, Simulation};
use myo_personal::{Item, Learner, LearnerState};

use crate::data::{AthleteData, PerTarget, Target};
use crate::past::{resume_safe, Past};
use crate::stats;

/// One predicted report on the athlete's (PMSys) scale, with the predictor's 10–90% range when
/// it gives one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    pub value: f64,
    pub range: Option<(f64, f64)>,
}

impl Prediction {
    fn point(value: f64) -> Prediction {
        Prediction { value, range: None }
    }
}

/// A way of predicting the morning reports.
pub trait Predictor {
    /// Its name in the tables.
    fn name(&self) -> String;
    /// A new athlete: forget the last one.
    fn begin(&mut self, athlete: &AthleteData);
    /// What the athlete will report at the morning `past.k`, per target; `None` where this
    /// predictor has no answer.
    fn predict(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>>;
}

/// The median of every earlier report of the item.
pub struct RunningMedian;

impl Predictor for RunningMedian {
    fn name(&self) -> String {
        "running median".into()
    }
    fn begin(&mut self, _: &AthleteData) {}
    fn predict(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        Target::ALL.map(|t| stats::median(&past.history(t)).map(Prediction::point))
    }
}

/// The previous report of the item.
pub struct Persistence;

impl Predictor for Persistence {
    fn name(&self) -> String {
        "persistence".into()
    }
    fn begin(&mut self, _: &AthleteData) {}
    fn predict(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        Target::ALL.map(|t| past.previous(t).map(Prediction::point))
    }
}

/// A number known before the report, to be mapped to it by [`Calibrated`].
pub trait Feature {
    fn name(&self) -> String;
    fn begin(&mut self, _athlete: &AthleteData) {}
    fn features(&mut self, past: &Past<'_>) -> PerTarget<Option<f64>>;
}

/// Pairs before a line is fitted (fewer: the mean of the reports).
const MIN_PAIRS: usize = 5;

/// A feature mapped to each item by a line fitted, per athlete, on the earlier mornings only
/// (the feature as it was known then against what the athlete reported then): refitted every
/// morning on everything before it.
pub struct Calibrated<F> {
    feature: F,
    /// Each earlier morning: its report's index and the feature then.
    seen: Vec<(usize, PerTarget<Option<f64>>)>,
}

impl<F: Feature> Calibrated<F> {
    pub fn new(feature: F) -> Self {
        Calibrated {
            feature,
            seen: Vec::new(),
        }
    }
}

impl<F: Feature> Predictor for Calibrated<F> {
    fn name(&self) -> String {
        self.feature.name()
    }
    fn begin(&mut self, athlete: &AthleteData) {
        self.seen.clear();
        self.feature.begin(athlete);
    }
    fn predict(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        let x = self.feature.features(past);
        let out = Target::ALL.map(|t| {
            let i = t.index();
            // Only mornings before this one, whose reports are in the past.
            let reported = |ri: usize| past.reports.get(ri).and_then(|r| r.values[i]);
            let pairs: Vec<(f64, f64)> = self
                .seen
                .iter()
                .filter_map(|(ri, xs)| Some((xs[i]?, reported(*ri)?)))
                .collect();
            let value = match x[i] {
                Some(x) => {
                    let (a, b) = stats::line(&pairs, MIN_PAIRS)?;
                    a + b * x
                }
                None => {
                    let ys: Vec<f64> = self
                        .seen
                        .iter()
                        .filter_map(|(ri, _)| reported(*ri))
                        .collect();
                    stats::mean(&ys)?
                }
            };
            Some(Prediction::point(t.clamp(value)))
        });
        self.seen.push((past.athlete.mornings[past.k], x));
        out
    }
}

/// The previous report (for persistence calibrated per athlete).
pub struct Previous;

impl Feature for Previous {
    fn name(&self) -> String {
        "persistence, calibrated".into()
    }
    fn features(&mut self, past: &Past<'_>) -> PerTarget<Option<f64>> {
        Target::ALL.map(|t| past.previous(t))
    }
}

/// Daily session loads (RPE × minutes) from the scenario's first day to the day before the
/// report (sessions known by then).
fn daily_loads(past: &Past<'_>) -> Vec<f64> {
    let first = past.athlete.start.date_naive();
    let days = (past.date - first).num_days().max(0) as usize;
    let mut loads = vec![0.0; days];
    for s in past.sessions {
        let d = (s.date - first).num_days();
        if d >= 0 && (d as usize) < days {
            loads[d as usize] += s.load_au;
        }
    }
    loads
}

/// Banister form (fitness − fatigue, τ 42 / 7 days, myo-metrics' defaults: GoldenCheetah's
/// exponential smoothing, form of a day from the day before) of session-RPE load.
pub struct BanisterForm;

impl Feature for BanisterForm {
    fn name(&self) -> String {
        "Banister form, calibrated".into()
    }
    fn features(&mut self, past: &Past<'_>) -> PerTarget<Option<f64>> {
        let loads = daily_loads(past);
        let form = pmc(&loads, &PmcConfig::default())
            .ok()
            .and_then(|days| days.last().map(|d| d.fitness_au - d.fatigue_au))
            .unwrap_or(0.0);
        [Some(form); 3]
    }
}

/// Acute (7 d) : chronic (28 d) session-RPE load, rolling means, coupled, partial windows at
/// the start (myo-metrics' `acwr_rolling_coupled`); undefined without chronic load.
pub struct Acwr;

impl Feature for Acwr {
    fn name(&self) -> String {
        "ACWR, calibrated".into()
    }
    fn features(&mut self, past: &Past<'_>) -> PerTarget<Option<f64>> {
        let loads = daily_loads(past);
        let ratio = acwr_rolling_coupled(&loads, 7, 28, WindowFill::Partial)
            .ok()
            .and_then(|days| days.last().and_then(|d| d.ratio));
        [ratio; 3]
    }
}

/// The personal model's item for each target (the signal it follows).
fn item(t: Target) -> Item {
    match t {
        Target::Fatigue => Item::Fatigue,
        Target::Soreness => Item::GeneralSoreness,
        Target::Readiness => Item::Readiness,
    }
}

/// myo's population model: the morning's simulated state (the signals the personal model's
/// observation models read: the whole body's readiness for fatigue and readiness, the mean of
/// the three sorest groups for general soreness).
pub struct Population {
    params: Params,
    last: Option<(Vec<Event>, Checkpoint)>,
    /// Continue from the previous morning when that is safe (same answers, less time).
    resume: bool,
}

impl Population {
    pub fn new(resume: bool) -> Self {
        Population {
            params: Params::default(),
            last: None,
            resume,
        }
    }
}

impl Feature for Population {
    fn name(&self) -> String {
        "myo population, calibrated".into()
    }
    fn begin(&mut self, _: &AthleteData) {
        self.last = None;
    }
    fn features(&mut self, past: &Past<'_>) -> PerTarget<Option<f64>> {
        let athlete: Athlete = past.athlete.scenario.athlete.clone();
        let events = past.input.events.clone();
        let mut sim = match self.last.take().filter(|_| self.resume) {
            Some((before, cp)) if resume_safe(&before, &events, cp.time()) => {
                Simulation::resume(athlete, self.params.clone(), events.clone(), cp)
            }
            _ => Simulation::new(
                athlete,
                self.params.clone(),
                events.clone(),
                past.input.start_h,
                past.input.last_wake_h,
            ),
        };
        sim.advance_to(past.t_h);
        let checkpoint = sim.checkpoint();
        let snap = sim.snapshot_at(past.t_h);
        self.last = Some((events, checkpoint));
        Target::ALL.map(|t| Some(item(t).signal(&snap, &[])))
    }
}

/// The importer's mapping of a PMSys answer to the event contract's scale, found by importing a
/// small wellness table through `myo_import` (so it follows the importer as it changes), and
/// inverted by linear interpolation.
#[derive(Debug, Clone)]
pub struct ScaleMap {
    /// (spec value, PMSys value), by spec value.
    points: Vec<(f64, f64)>,
}

impl ScaleMap {
    /// The maps of every target the importer carries into observations (`None`: not carried).
    pub fn from_importer() -> anyhow::Result<PerTarget<Option<ScaleMap>>> {
        let mut csv = String::from(
            "effective_time_frame,fatigue,mood,readiness,sleep_duration_h,sleep_quality,soreness,soreness_area,stress\n",
        );
        // Day d: fatigue and soreness min(d, 5), readiness d.
        for d in 1..=10 {
            let v = d.min(5);
            csv.push_str(&format!(
                "2020-01-{d:02}T08:00:00.000Z,{v},3,{d},7,3,{v},[],3\n"
            ));
        }
        let imported = myo_import::parse("wellness.csv".as_ref(), csv.as_bytes())
            .map_err(|e| anyhow::anyhow!("the importer refused a PMSys wellness table: {e}"))?;
        let mut points: PerTarget<Vec<(f64, f64)>> = Default::default();
        for (at, spec) in imported.typed_events() {
            let myo_scenario::EventSpec::Observation(o) = spec else {
                continue;
            };
            let d = f64::from(chrono::Datelike::day(&at));
            let v = d.min(5.0);
            let carried = [
                (Target::Fatigue, o.fatigue, v),
                (Target::Soreness, o.general_soreness, v),
                (Target::Readiness, o.readiness, d),
            ];
            for (t, spec_value, pmsys) in carried {
                if let Some(s) = spec_value {
                    if !points[t.index()].iter().any(|p| p.1 == pmsys) {
                        points[t.index()].push((s, pmsys));
                    }
                }
            }
        }
        Ok(points.map(|mut p| {
            p.sort_by(|a, b| a.0.total_cmp(&b.0));
            (p.len() >= 2).then_some(ScaleMap { points: p })
        }))
    }

    /// The PMSys answer of a spec value (linear between the importer's points, extended
    /// linearly beyond them; the caller clamps to the scale).
    pub fn to_pmsys(&self, spec: f64) -> f64 {
        let p = &self.points;
        let i = p.partition_point(|q| q.0 < spec).clamp(1, p.len() - 1);
        let (a, b) = (p[i - 1], p[i]);
        if (b.0 - a.0).abs() < 1e-12 {
            return a.1;
        }
        a.1 + (spec - a.0) * (b.1 - a.1) / (b.0 - a.0)
    }
}

/// A morning: the athlete's id and the morning's index.
type Morning = (String, usize);
/// A predictor's answers for one morning.
type Answers = PerTarget<Option<Prediction>>;

/// myo's personal model (`myo_personal::Learner`, the product's options), learning from every
/// report before the morning, its expectation converted to PMSys's scale.
pub struct Personal {
    maps: PerTarget<Option<ScaleMap>>,
    params: Params,
    options: myo_personal::Options,
    last: Option<(Vec<Event>, LearnerState)>,
    /// Continue from the previous morning when that is safe (same answers, less time).
    resume: bool,
    /// The last morning answered and its answers, for [`OnSteps`].
    answered: Option<(Morning, Answers)>,
}

impl Personal {
    pub fn new(maps: PerTarget<Option<ScaleMap>>, resume: bool) -> Self {
        Personal {
            maps,
            params: Params::default(),
            options: myo_personal::Options::default(),
            last: None,
            resume,
            answered: None,
        }
    }

    /// The answers for `past`, computed once per morning (the plain row and [`OnSteps`] share
    /// them).
    fn answers(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        let key = (past.athlete.id.clone(), past.k);
        if let Some((k, answers)) = &self.answered {
            if *k == key {
                return *answers;
            }
        }
        let answers = self.compute(past);
        self.answered = Some((key, answers));
        answers
    }
}

impl Predictor for Personal {
    fn name(&self) -> String {
        "myo personal".into()
    }
    fn begin(&mut self, _: &AthleteData) {
        self.last = None;
        self.answered = None;
    }
    fn predict(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        self.answers(past)
    }
}

impl Personal {
    fn compute(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        let athlete: Athlete = past.athlete.scenario.athlete.clone();
        let events = past.input.events.clone();
        let mut learner = match self.last.take().filter(|_| self.resume) {
            Some((before, state)) if resume_safe(&before, &events, state.t) => {
                Learner::resume(athlete, self.params.clone(), events.clone(), state)
            }
            _ => Learner::new(
                athlete,
                self.params.clone(),
                events.clone(),
                past.input.start_h,
                past.input.last_wake_h,
                self.options,
            ),
        };
        learner.advance_to(past.t_h);
        let out = Target::ALL.map(|t| {
            let map = self.maps[t.index()].as_ref()?;
            let e = learner.expected(&item(t))?;
            let [v, a, b] = [e.expected, e.p10, e.p90].map(|x| t.clamp(map.to_pmsys(x)));
            Some(Prediction {
                value: v,
                range: Some((a.min(b), a.max(b))),
            })
        });
        self.last = Some((events, learner.state()));
        out
    }
}

/// The personal model's answer on the scale's steps: athletes answer whole numbers, and the
/// answer nearest the expectation is the predictive median of a whole-number report (for a
/// symmetric, single-peaked predictive), the point that minimises the expected absolute error.
/// Shares the [`Personal`] row's computation; its range is that row's.
pub struct OnSteps(pub std::rc::Rc<std::cell::RefCell<Personal>>);

impl Predictor for OnSteps {
    fn name(&self) -> String {
        "myo personal, on the scale's steps".into()
    }
    fn begin(&mut self, athlete: &AthleteData) {
        self.0.borrow_mut().begin(athlete);
    }
    fn predict(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        self.0.borrow_mut().answers(past).map(|p| {
            p.map(|p| Prediction {
                value: p.value.round(),
                ..p
            })
        })
    }
}

/// A shared [`Personal`] as a row of its own.
pub struct Shared(pub std::rc::Rc<std::cell::RefCell<Personal>>);

impl Predictor for Shared {
    fn name(&self) -> String {
        self.0.borrow().name()
    }
    fn begin(&mut self, athlete: &AthleteData) {
        self.0.borrow_mut().begin(athlete);
    }
    fn predict(&mut self, past: &Past<'_>) -> PerTarget<Option<Prediction>> {
        self.0.borrow_mut().answers(past)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_map_inverts_a_decreasing_mapping() {
        // PMSys fatigue 1–5 (5 rested) → 10…1, as the importer maps it.
        let m = ScaleMap {
            points: (1..=5)
                .map(|v| {
                    let v = f64::from(v);
                    (1.0 + (5.0 - v) * 9.0 / 4.0, v)
                })
                .rev()
                .collect(),
        };
        assert!((m.to_pmsys(1.0) - 5.0).abs() < 1e-12);
        assert!((m.to_pmsys(10.0) - 1.0).abs() < 1e-12);
        assert!((m.to_pmsys(5.5) - 3.0).abs() < 1e-12);
    }
}

//! The filter: particles over the simulation's individual parameters, each carrying its own
//! simulation and, for every item the athlete reports, the closed-form posterior of that item's
//! observation model ([`crate::dlm`]). A report reweights the particles by how well each
//! predicted it; when the weights degenerate the particles are resampled and jittered toward
//! the weighted mean (Liu & West 2001), which keeps a static parameter learnable. Time only
//! moves forward and only observations before the asked time are used: an answer for `t`
//! never depends on anything dated after `t`.

use std::collections::BTreeMap;

use myo_model::{Athlete, Checkpoint, Event, EventKind, Hours, MuscleGroup, Observation, Params};
use myo_model::{Simulation, Snapshot};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use crate::dlm::Dlm;
use crate::items::{reported, Item, ItemModel, Scale};
use crate::prior::{draws, normal_quantile, Individual, Spread};
use crate::summary::{Expected, Learned};

/// How the filter runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Particles: each is one simulation, so the cost is this many simulations of the log.
    pub particles: usize,
    pub seed: u64,
    pub spread: Spread,
    /// Observations before this time are not learned from (the athlete reset what was
    /// learned); `None`: every observation.
    #[serde(default)]
    pub from_h: Option<Hours>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            particles: 32,
            seed: 1,
            spread: Spread::default(),
            from_h: None,
        }
    }
}

/// Resample when the effective number of particles falls below this share. [PF-RESAMPLE]
const RESAMPLE_BELOW: f64 = 0.5;
/// Liu–West shrinkage of the jitter kernel (0.95–0.99 in their paper). [PF-RESAMPLE]
const SHRINK: f64 = 0.95;

#[derive(Clone)]
struct Particle {
    who: Individual,
    sim: Simulation,
    log_w: f64,
    items: BTreeMap<Item, Dlm>,
}

/// One particle's persisted form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticleState {
    pub who: Individual,
    pub checkpoint: Checkpoint,
    pub log_w: f64,
    pub items: Vec<(Item, Dlm)>,
}

/// Everything the filter has learned, to continue later ([`Learner::resume`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerState {
    pub options: Options,
    pub particles: Vec<ParticleState>,
    /// Observations taken (a prefix of the log's observations in time order).
    pub taken: usize,
    pub t: Hours,
    pub counts: Vec<(Item, usize)>,
    /// First reading of each relative item (tests), on its own scale.
    pub anchors: Vec<(Item, f64)>,
    pub resamples: u64,
}

/// The personal model of one athlete over one log.
#[derive(Clone)]
pub struct Learner {
    athlete: Athlete,
    base: Params,
    options: Options,
    particles: Vec<Particle>,
    observations: Vec<(Hours, Observation)>,
    taken: usize,
    t: Hours,
    counts: BTreeMap<Item, usize>,
    anchors: BTreeMap<Item, f64>,
    loadings: BTreeMap<String, Vec<(MuscleGroup, f64)>>,
    resamples: u64,
    /// Snapshots of every particle at `t`, once asked.
    at_t: Option<Vec<Snapshot>>,
}

impl std::fmt::Debug for Learner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Learner")
            .field("t", &self.t)
            .field("particles", &self.particles.len())
            .field("taken", &self.taken)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

fn observations(events: &[Event], from_h: Option<Hours>) -> Vec<(Hours, Observation)> {
    let mut out: Vec<(Hours, Observation)> = events
        .iter()
        .filter(|e| from_h.is_none_or(|from| e.at >= from))
        .filter_map(|e| match &e.kind {
            EventKind::Observation(o) => Some((e.at, o.clone())),
            _ => None,
        })
        .collect();
    // Stable: reports at one time keep their order.
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

fn loadings(obs: &[(Hours, Observation)]) -> BTreeMap<String, Vec<(MuscleGroup, f64)>> {
    obs.iter()
        .filter_map(|(_, o)| o.lift.as_ref())
        .map(|l| (l.exercise.clone(), l.loading.clone()))
        .collect()
}

impl Learner {
    /// A learner at the start of the log, every particle a draw from the population prior.
    pub fn new(
        athlete: Athlete,
        params: Params,
        events: Vec<Event>,
        start_h: Hours,
        last_wake_h: Hours,
        options: Options,
    ) -> Learner {
        let observations = observations(&events, options.from_h);
        let loadings = loadings(&observations);
        let first = Simulation::new(
            athlete.clone(),
            params.clone(),
            events,
            start_h,
            last_wake_h,
        );
        let particles = draws(options.particles, options.seed, &options.spread)
            .into_iter()
            .map(|who| Particle {
                sim: first.with_params(who.params(&params)),
                who,
                log_w: 0.0,
                items: BTreeMap::new(),
            })
            .collect();
        Learner {
            athlete,
            base: params,
            options,
            particles,
            observations,
            taken: 0,
            t: start_h,
            counts: BTreeMap::new(),
            anchors: BTreeMap::new(),
            loadings,
            resamples: 0,
            at_t: None,
        }
    }

    /// A learner continued from `state` over `events` (the same log up to the state's time;
    /// anything after it may have changed), exactly as the one that saved it would continue.
    pub fn resume(
        athlete: Athlete,
        params: Params,
        events: Vec<Event>,
        state: LearnerState,
    ) -> Learner {
        let observations = observations(&events, state.options.from_h);
        let loadings = loadings(&observations);
        // One simulation sorts the events; the particles share them.
        let mut states = state.particles.into_iter();
        let mut particles = Vec::with_capacity(states.len());
        if let Some(p) = states.next() {
            let first =
                Simulation::resume(athlete.clone(), p.who.params(&params), events, p.checkpoint);
            let rest: Vec<Particle> = states
                .map(|q| Particle {
                    sim: first.resume_sharing(q.who.params(&params), q.checkpoint),
                    who: q.who,
                    log_w: q.log_w,
                    items: q.items.into_iter().collect(),
                })
                .collect();
            particles.push(Particle {
                sim: first,
                who: p.who,
                log_w: p.log_w,
                items: p.items.into_iter().collect(),
            });
            particles.extend(rest);
        }
        Learner {
            athlete,
            base: params,
            options: state.options,
            particles,
            observations,
            taken: state.taken,
            t: state.t,
            counts: state.counts.into_iter().collect(),
            anchors: state.anchors.into_iter().collect(),
            loadings,
            resamples: state.resamples,
            at_t: None,
        }
    }

    /// What the learner knows now, to be continued with [`Learner::resume`].
    pub fn state(&self) -> LearnerState {
        LearnerState {
            options: self.options,
            particles: self
                .particles
                .iter()
                .map(|p| ParticleState {
                    who: p.who,
                    checkpoint: p.sim.checkpoint(),
                    log_w: p.log_w,
                    items: p
                        .items
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                })
                .collect(),
            taken: self.taken,
            t: self.t,
            counts: self.counts.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            anchors: self.anchors.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            resamples: self.resamples,
        }
    }

    /// The learner's time, h.
    pub fn time(&self) -> Hours {
        self.t
    }

    /// How many observations have been taken.
    pub fn observations_taken(&self) -> usize {
        self.taken
    }

    /// Takes every observation dated strictly before `t` and moves to `t` (never back).
    pub fn advance_to(&mut self, t: Hours) {
        self.advance(t, false);
    }

    /// Takes every observation dated at or before `t` and moves to `t` (a query at the time
    /// of a report shows the state just after it, as for any instantaneous event).
    pub fn advance_through(&mut self, t: Hours) {
        self.advance(t, true);
    }

    fn advance(&mut self, t: Hours, inclusive: bool) {
        while let Some((at, _)) = self.observations.get(self.taken) {
            let due = if inclusive { *at <= t } else { *at < t };
            if !due || *at < self.t {
                if *at < self.t {
                    // Dated before where the learner already is (only after a resume from a
                    // later state): it was taken then.
                    self.taken += 1;
                    continue;
                }
                break;
            }
            let (at, o) = self.observations[self.taken].clone();
            self.take(at, &o);
            self.taken += 1;
        }
        if t > self.t {
            self.t = t;
            self.at_t = None;
        }
    }

    fn model(&self, item: &Item) -> ItemModel {
        item.model(self.athlete.resting_hr_or_typical())
    }

    /// One observation at `at`: every reported item updates every particle.
    fn take(&mut self, at: Hours, o: &Observation) {
        let items = reported(o);
        if items.is_empty() {
            return;
        }
        self.t = self.t.max(at);
        self.at_t = None;
        let models: Vec<ItemModel> = items.iter().map(|(i, ..)| self.model(i)).collect();
        for (item, y, _) in &items {
            if self.model(item).scale == Scale::Relative && !self.anchors.contains_key(item) {
                self.anchors.insert(item.clone(), *y);
            }
        }
        let anchors = self.anchors.clone();
        let first_of: Vec<bool> = items
            .iter()
            .map(|(i, ..)| !self.counts.contains_key(i))
            .collect();
        for p in &mut self.particles {
            let snap = p.sim.snapshot_at(at);
            for (k, (item, y, loading)) in items.iter().enumerate() {
                let model = &models[k];
                let s = item.signal(&snap, loading);
                let y = learned_scale(model, *y, anchors.get(item).copied());
                if !p.items.contains_key(item) {
                    let (offset, gain) = match (model.scale, item) {
                        // The first reading sets the scale: gain = reading / signal.
                        (Scale::Relative, _) => (0.0, 1.0 / s.max(0.05)),
                        // A group's soreness borrows from the athlete's other groups.
                        (_, Item::Soreness(_)) => pooled_soreness(&p.items, model),
                        _ => (model.offset, model.gain),
                    };
                    p.items
                        .insert(item.clone(), Dlm::prior(model, offset, gain, at));
                }
                let dlm = p.items.get_mut(item).expect("inserted above");
                if model.scale == Scale::Relative && first_of[k] {
                    continue;
                }
                // A report at the end of its scale says "at least" (or "at most") that much:
                // a censored (Tobit) observation.
                p.log_w += match censored_at(model, y) {
                    Some(above) => dlm.update_censored(model, at, s, y, above),
                    None => dlm.update(model, at, s, y),
                };
            }
        }
        for (item, ..) in &items {
            *self.counts.entry(item.clone()).or_insert(0) += 1;
        }
        self.normalise();
        if self.effective_particles() < RESAMPLE_BELOW * self.particles.len() as f64 {
            self.resample();
        }
    }

    fn normalise(&mut self) {
        let max = self
            .particles
            .iter()
            .map(|p| p.log_w)
            .fold(f64::NEG_INFINITY, f64::max);
        if !max.is_finite() {
            for p in &mut self.particles {
                p.log_w = 0.0;
            }
            return;
        }
        let total: f64 = self.particles.iter().map(|p| (p.log_w - max).exp()).sum();
        let log_total = max + total.ln();
        for p in &mut self.particles {
            p.log_w -= log_total;
        }
    }

    /// The normalised weights.
    fn weights(&self) -> Vec<f64> {
        self.particles.iter().map(|p| p.log_w.exp()).collect()
    }

    /// 1 / Σw²: how many equally weighted particles the weights are worth.
    pub fn effective_particles(&self) -> f64 {
        1.0 / self.weights().iter().map(|w| w * w).sum::<f64>()
    }

    /// Systematic resampling, then Liu–West jitter of the parameters (in the prior's normal
    /// coordinates); every particle continues its simulation with its new parameters.
    fn resample(&mut self) {
        let w = self.weights();
        let n = self.particles.len();
        self.resamples += 1;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(
            self.options.seed ^ self.resamples.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let u0: f64 = rng.gen::<f64>() / n as f64;
        let mut chosen = Vec::with_capacity(n);
        let mut cum = 0.0;
        let mut k = 0;
        for i in 0..n {
            let u = u0 + i as f64 / n as f64;
            while k + 1 < n && cum + w[k] < u {
                cum += w[k];
                k += 1;
            }
            chosen.push(k);
        }
        let spread = self.options.spread;
        let z: Vec<[f64; 3]> = self.particles.iter().map(|p| p.who.to_z(&spread)).collect();
        let mean: [f64; 3] = std::array::from_fn(|a| (0..n).map(|i| w[i] * z[i][a]).sum());
        let sd: [f64; 3] = std::array::from_fn(|a| {
            (0..n)
                .map(|i| w[i] * (z[i][a] - mean[a]).powi(2))
                .sum::<f64>()
                .sqrt()
        });
        let h = (1.0 - SHRINK * SHRINK).sqrt();
        let old = std::mem::take(&mut self.particles);
        let log_w = -(n as f64).ln();
        self.particles = chosen
            .into_iter()
            .map(|k| {
                let src = &old[k];
                let zk = z[k];
                let jittered: [f64; 3] = std::array::from_fn(|a| {
                    let e = normal_quantile(rng.gen::<f64>());
                    SHRINK * zk[a] + (1.0 - SHRINK) * mean[a] + h * sd[a] * e
                });
                let who = Individual::from_z(jittered, &spread);
                Particle {
                    sim: src.sim.with_params(who.params(&self.base)),
                    who,
                    log_w,
                    items: src.items.clone(),
                }
            })
            .collect();
    }

    fn snapshots(&mut self) -> &[Snapshot] {
        let t = self.t;
        self.at_t.get_or_insert_with(|| {
            self.particles
                .iter_mut()
                .map(|p| p.sim.snapshot_at(t))
                .collect()
        })
    }

    /// How many reports of `item` have been taken.
    pub fn count(&self, item: &Item) -> usize {
        self.counts.get(item).copied().unwrap_or(0)
    }

    /// What the athlete would report of `item` now, with its 10–90% range; `None` if never
    /// reported.
    pub fn expected(&mut self, item: &Item) -> Option<Expected> {
        let n = self.count(item);
        if n == 0 {
            return None;
        }
        let model = self.model(item);
        let t = self.t;
        let w = self.weights();
        let loading = match item {
            Item::Lift(name) => self.loadings.get(name).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        let snaps = self.snapshots().to_vec();
        let mut mean = 0.0;
        let mut second = 0.0;
        for (k, p) in self.particles.iter().enumerate() {
            let dlm = p.items.get(item)?;
            let pred = dlm.predict(&model, t, item.signal(&snaps[k], &loading));
            mean += w[k] * pred.f;
            second += w[k] * (pred.variance() + pred.f * pred.f);
        }
        let sd = (second - mean * mean).max(0.0).sqrt();
        let z = normal_quantile(0.9);
        let anchor = self.anchors.get(item).copied();
        let back = |x: f64| report_scale(&model, x, anchor);
        Some(Expected {
            expected: back(mean),
            p10: back(mean - z * sd),
            p90: back(mean + z * sd),
            n,
        })
    }

    /// Every item reported so far, by its spec key.
    pub fn expected_reports(&mut self) -> BTreeMap<String, Expected> {
        let items: Vec<Item> = self.counts.keys().cloned().collect();
        items
            .into_iter()
            .filter_map(|i| self.expected(&i).map(|e| (i.key(), e)))
            .collect()
    }

    /// The weighted mean of every particle's snapshot now (the posterior's state), or `None`
    /// before the first report (the population's run is the answer then).
    pub fn posterior_snapshot(&mut self) -> Option<Snapshot> {
        if self.counts.is_empty() {
            return None;
        }
        let w = self.weights();
        let snaps = self.snapshots();
        Some(crate::summary::weighted_snapshot(snaps, &w))
    }

    /// The model's answer at the learner's time made personal: `population` (the population
    /// model's snapshot then) becomes the posterior's state once a parameter of the simulation
    /// is learned; a group the athlete rates shows the soreness they would report (its
    /// readiness follows); the whole body's readiness moves by what readiness and fatigue
    /// reports say the model misses today. Unchanged before the first report.
    pub fn personalise(&mut self, population: Snapshot) -> Snapshot {
        if self.counts.is_empty() {
            return population;
        }
        let personal = self.personal();
        let learned = [
            "damage_susceptibility",
            "repair_rate",
            "central_fatigue_sensitivity",
        ]
        .iter()
        .any(|k| personal.get(*k).is_some_and(|l| l.learned));
        let mut out = if learned {
            self.posterior_snapshot().unwrap_or(population)
        } else {
            population
        };
        let per_soreness = self.base.readiness_per_soreness;
        let w = self.weights();
        let snaps = self.snapshots().to_vec();
        for g in MuscleGroup::ALL {
            let item = Item::Soreness(g);
            let Some(e) = self.expected(&item) else {
                continue;
            };
            // Readiness follows the soreness the model explains for this athlete (gain and
            // today's deviation), not a constant level they always report.
            let model = self.model(&item);
            let mut felt = 0.0;
            for (k, p) in self.particles.iter().enumerate() {
                if let Some(d) = p.items.get(&item) {
                    let s = snaps[k].muscle(g).soreness;
                    felt += w[k] * (d.predict(&model, self.t, s).f - d.m[0]);
                }
            }
            let m = &mut out.muscles[g.index()];
            felt_soreness(m, felt, e.expected, per_soreness);
        }
        let shifts: Vec<f64> = [(Item::Readiness, 10.0), (Item::Fatigue, -10.0)]
            .iter()
            .filter_map(|(i, k)| self.unexplained(i).map(|d| k * d))
            .collect();
        if !shifts.is_empty() {
            let shift = shifts.iter().sum::<f64>() / shifts.len() as f64;
            out.systemic.readiness = (out.systemic.readiness + shift).clamp(0.0, 100.0);
        }
        out
    }

    /// Particle `k`'s snapshot at `t` made personal: a rated group's readiness follows the
    /// soreness this particle expects the athlete to feel beyond their usual level (gain and
    /// deviation; a constant offset is a habit of reporting, not a state).
    fn adjust(&self, k: usize, snap: &mut Snapshot, t: Hours) {
        let per_soreness = self.base.readiness_per_soreness;
        for (item, dlm) in &self.particles[k].items {
            let Item::Soreness(g) = item else { continue };
            let model = self.model(item);
            let m = &mut snap.muscles[g.index()];
            let pred = dlm.predict(&model, t.max(dlm.t), m.soreness).f;
            felt_soreness(
                m,
                pred - dlm.m[0],
                pred.clamp(model.min, model.max),
                per_soreness,
            );
        }
    }

    /// For each particle, its weight and, per group, the first hourly time from `from` to
    /// `until` at which the group's personal readiness reaches each of `levels` (`None`: not
    /// within). The posterior predictive of ready times.
    pub fn ready_times(
        &self,
        from: Hours,
        until: Hours,
        muscles: &[MuscleGroup],
        levels: [f64; 2],
    ) -> Vec<(f64, Vec<[Option<Hours>; 2]>)> {
        let w = self.weights();
        self.particles
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let mut sim = p.sim.clone();
                let mut found = vec![[None, None]; muscles.len()];
                let mut t = from.max(sim.time());
                while t <= until + 1e-9 {
                    let mut snap = sim.snapshot_at(t);
                    self.adjust(k, &mut snap, t);
                    let mut all = true;
                    for (slot, g) in found.iter_mut().zip(muscles) {
                        let r = snap.muscle(*g).readiness;
                        for (i, level) in levels.iter().enumerate() {
                            if slot[i].is_none() && r >= *level {
                                slot[i] = Some(t);
                            }
                        }
                        all &= slot.iter().all(Option::is_some);
                    }
                    if all {
                        break;
                    }
                    t += 1.0;
                }
                (w[k], found)
            })
            .collect()
    }

    /// Whether the athlete has reported anything the model learns from.
    pub fn has_reports(&self) -> bool {
        !self.counts.is_empty()
    }

    /// What the athlete's reports of `item` say the model misses now, on the model's signal
    /// scale (the decayed deviation over the gain); `None` if never reported.
    fn unexplained(&self, item: &Item) -> Option<f64> {
        if self.count(item) == 0 {
            return None;
        }
        let model = self.model(item);
        let w = self.weights();
        let mut total = 0.0;
        for (k, p) in self.particles.iter().enumerate() {
            let d = p.items.get(item)?;
            let rho = (-(self.t - d.t).max(0.0) / model.deviation_tau_h).exp();
            let gain = if d.m[1].abs() < 0.2 {
                0.2f64.copysign(d.m[1])
            } else {
                d.m[1]
            };
            total += w[k] * d.m[2] * rho / gain;
        }
        Some(total)
    }

    /// Each learned parameter against the population's.
    pub fn personal(&self) -> BTreeMap<String, Learned> {
        crate::summary::learned(self)
    }

    // Accessors for the summaries.
    pub(crate) fn particle_view(&self) -> Vec<(f64, Individual, &BTreeMap<Item, Dlm>)> {
        let w = self.weights();
        self.particles
            .iter()
            .zip(w)
            .map(|(p, w)| (w, p.who, &p.items))
            .collect()
    }

    pub(crate) fn counts(&self) -> &BTreeMap<Item, usize> {
        &self.counts
    }

    pub(crate) fn anchor(&self, item: &Item) -> Option<f64> {
        self.anchors.get(item).copied()
    }

    pub(crate) fn item_model(&self, item: &Item) -> ItemModel {
        self.model(item)
    }

    /// The particles' individuals and weights (for forecasts from the posterior).
    pub fn members(&self) -> Vec<(Individual, f64)> {
        let w = self.weights();
        self.particles
            .iter()
            .zip(w)
            .map(|(p, w)| (p.who, w))
            .collect()
    }

    /// Each particle's simulation now and its weight: forecasts from the posterior continue
    /// these.
    pub fn simulations(&self) -> Vec<(Simulation, f64)> {
        let w = self.weights();
        self.particles
            .iter()
            .zip(w)
            .map(|(p, w)| (p.sim.clone(), w))
            .collect()
    }
}

/// A group's report made personal: it shows `reported` (what the athlete would say), and its
/// readiness follows `felt` (the soreness beyond their usual level) in the model's soreness
/// factor (`readiness_per_soreness`, engine `reports.rs`).
fn felt_soreness(m: &mut myo_model::MuscleReport, felt: f64, reported: f64, per_soreness: f64) {
    let old = (1.0 - per_soreness * m.soreness).clamp(0.0, 1.0);
    let new = (1.0 - per_soreness * felt.clamp(0.0, 10.0)).clamp(0.0, 1.0);
    if old > 0.0 {
        m.readiness = (m.readiness * new / old).clamp(0.0, 100.0);
    }
    m.soreness = reported;
}

/// Whether a linear item's report sits at its scale's ceiling (`Some(true)`) or floor
/// (`Some(false)`): the athlete could not say more (or less).
fn censored_at(model: &ItemModel, y: f64) -> Option<bool> {
    if model.scale != Scale::Linear {
        return None;
    }
    if y >= model.max - 1e-9 {
        Some(true)
    } else if y <= model.min + 1e-9 {
        Some(false)
    } else {
        None
    }
}

/// The report on the scale the model learns on.
fn learned_scale(model: &ItemModel, y: f64, anchor: Option<f64>) -> f64 {
    match model.scale {
        Scale::Linear => y,
        Scale::Log => y.max(1e-3).ln(),
        Scale::Relative => y / anchor.unwrap_or(y).max(1e-9),
    }
}

/// Back to the report's own scale, within its range.
pub(crate) fn report_scale(model: &ItemModel, x: f64, anchor: Option<f64>) -> f64 {
    let y = match model.scale {
        Scale::Linear => x,
        Scale::Log => x.exp(),
        Scale::Relative => x * anchor.unwrap_or(1.0),
    };
    y.clamp(model.min, model.max)
}

/// A new group's soreness prior: the mean offset and gain of the groups rated so far.
fn pooled_soreness(items: &BTreeMap<Item, Dlm>, model: &ItemModel) -> (f64, f64) {
    let rated: Vec<&Dlm> = items
        .iter()
        .filter(|(k, _)| matches!(k, Item::Soreness(_)))
        .map(|(_, d)| d)
        .collect();
    if rated.is_empty() {
        return (model.offset, model.gain);
    }
    let n = rated.len() as f64;
    (
        rated.iter().map(|d| d.m[0]).sum::<f64>() / n,
        rated.iter().map(|d| d.m[1]).sum::<f64>() / n,
    )
}

//! The simulation: events applied in time order, state integrated between them.
//!
//! Between breakpoints (event starts and ends, and a fixed hourly grid anchored at the
//! simulation start) every state variable follows a linear first-order equation
//! `x' = a − b·x` whose coefficients are frozen at the start of the step (exponential Euler).
//! Each step is solved exactly, so the scheme is stable for any step, never overshoots a target
//! and never makes a store negative. Queries never add breakpoints: a query between two grid
//! points steps a copy of the state, so what is asked for cannot change what is computed.
//!
//! This module holds [`Simulation`], the event loop and the step; the processes live in:
//! - `strength`, `endurance`, `treatments`, `nutrition`, `sleep`: what each kind of event does,
//!   as an impulse when it happens or as a `drive::Drive` while it runs (`drive` sums them);
//! - `muscle_step`: one step of every group (the full and the quiet update);
//! - `systemic`: one step of the whole-body state;
//! - `reports`: the reported fields from the state;
//! - `step_factors`, `numerics`: constants per step length and the exponential-Euler primitives.

mod drive;
mod endurance;
mod muscle_step;
mod numerics;
mod nutrition;
mod reports;
mod sleep;
mod step_factors;
mod strength;
mod systemic;
mod treatments;

use crate::athlete::Athlete;
use crate::checkpoint::Checkpoint;
use crate::event::{Event, EventKind, Hours};
use crate::muscle::MUSCLE_COUNT;
use crate::params::Params;
use crate::report::Snapshot;
use crate::state::{MuscleState, State, SystemicState};
use drive::Drive;
use muscle_step::{GroupStep, Muscles};
use numerics::exp_table;
use step_factors::StepFactors;
use systemic::SystemicStep;

/// Longest integration step, h.
const GRID_H: f64 = 1.0;

/// A running simulation of one athlete.
#[derive(Clone)]
pub struct Simulation {
    params: Params,
    athlete: Athlete,
    /// The events in time order, shared: a copy of the simulation (a query between
    /// breakpoints steps one) shares them instead of cloning them.
    events: std::sync::Arc<[Event]>,
    /// Index of the next event to apply.
    next: usize,
    /// Events under way: (end time, index).
    running: Vec<(Hours, usize)>,
    t: Hours,
    origin: Hours,
    /// The state: the groups as arrays, and the systemic state.
    muscles: Muscles,
    systemic: SystemicState,
    /// The state as the public `State`, built on demand by `state()` and cleared on change.
    view: std::sync::OnceLock<State>,
    /// Time of each group's last strength work (for cold-water blunting).
    last_strength_h: [Hours; MUSCLE_COUNT],
    /// Damage cap factor, lactate threshold and clearance factor of the athlete's status.
    status_damage: f64,
    lactate_threshold: f64,
    clearance_factor: f64,
    /// What the running events do, recomputed only when the set of running events changes
    /// (it does not depend on the state).
    drive: Drive,
    drive_stale: bool,
    /// Step factors for a grid hour, and for the last other step length.
    grid: StepFactors,
    off_grid: Option<StepFactors>,
    /// Soreness gain per group: large, less damage-prone groups hurt as much per unit of
    /// damage as small ones.
    soreness_gain: [f64; MUSCLE_COUNT],
}

impl Simulation {
    /// Starts a simulation at `start` (hours since the scenario start) with the athlete rested,
    /// last awake since `last_wake_h`. Events may be in any order; ties keep their order.
    pub fn new(
        athlete: Athlete,
        params: Params,
        events: Vec<Event>,
        start: Hours,
        last_wake_h: Hours,
    ) -> Simulation {
        let state = State {
            muscles: [MuscleState::default(); MUSCLE_COUNT],
            systemic: SystemicState::rested(last_wake_h),
        };
        Simulation::build(athlete, params, events, start, state)
    }

    /// Continues a simulation from `checkpoint`, exactly as the checkpointed one would have
    /// continued. `events` is the complete event list (any order, as for [`Simulation::new`]):
    /// the events the checkpoint had already applied are skipped, and those still under way at
    /// the checkpoint resume their drive. See [`Checkpoint`] for what must not have changed.
    pub fn resume(
        athlete: Athlete,
        params: Params,
        events: Vec<Event>,
        checkpoint: Checkpoint,
    ) -> Simulation {
        let sim = Simulation::build(
            athlete,
            params,
            Vec::new(),
            checkpoint.origin_h,
            checkpoint.state.clone(),
        );
        let mut events = events;
        sort_by_time(&mut events);
        sim.continue_from(events.into(), checkpoint)
    }

    /// Another simulation of this one's athlete and events, continued from `checkpoint` with
    /// `params`, as [`Simulation::resume`] would (the events are shared, not copied: a personal
    /// model resumes many such simulations of one log).
    pub fn resume_sharing(&self, params: Params, checkpoint: Checkpoint) -> Simulation {
        let sim = Simulation::build(
            self.athlete.clone(),
            params,
            Vec::new(),
            checkpoint.origin_h,
            checkpoint.state.clone(),
        );
        sim.continue_from(std::sync::Arc::clone(&self.events), checkpoint)
    }

    /// `self` (fresh at the checkpoint's origin and state) over `events` (sorted), at the
    /// checkpoint's time with its applied events.
    fn continue_from(
        mut self,
        events: std::sync::Arc<[Event]>,
        checkpoint: Checkpoint,
    ) -> Simulation {
        self.events = events;
        self.t = checkpoint.at_h;
        self.next = checkpoint.applied_events.min(self.events.len());
        // Events under way, in the order they were applied (their drives add up in that order).
        self.running = (0..self.next)
            .map(|index| (self.events[index].end(), index))
            .filter(|&(end, index)| self.events[index].duration_h() > 0.0 && end > self.t)
            .collect();
        self.drive_stale = true;
        self.last_strength_h = checkpoint
            .last_strength_h
            .map(|at| at.unwrap_or(f64::NEG_INFINITY));
        self
    }

    /// The complete state at the current time (the last breakpoint reached), to continue from
    /// later with [`Simulation::resume`]. Call [`Simulation::advance_to`] first to choose the
    /// moment.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            version: Checkpoint::VERSION,
            at_h: self.t,
            origin_h: self.origin,
            applied_events: self.next,
            state: self.state().clone(),
            last_strength_h: self
                .last_strength_h
                .map(|at| if at.is_finite() { Some(at) } else { None }),
        }
    }

    fn build(
        athlete: Athlete,
        params: Params,
        mut events: Vec<Event>,
        start: Hours,
        state: State,
    ) -> Simulation {
        sort_by_time(&mut events);
        let status = athlete.training_status;
        let grid = StepFactors::new(&params, GRID_H);
        // Per unit of sensitisation, a less damage-prone group or a trained muscle hurts as
        // much per bout as an untrained, susceptible one: resistance-trained men lost far less
        // force than untrained men after the same eccentric bout but were as sore (Newton 2008).
        let status_soreness = Params::status_damage_factor(status);
        let soreness_gain = std::array::from_fn(|i| {
            params.soreness_gain / (params.susceptibility[i] * status_soreness)
        });
        Simulation {
            status_damage: Params::status_damage_factor(status),
            lactate_threshold: Params::lactate_threshold(status),
            clearance_factor: Params::status_clearance_factor(status),
            params,
            athlete,
            events: events.into(),
            next: 0,
            running: Vec::new(),
            t: start,
            origin: start,
            muscles: Muscles::from_states(&state.muscles),
            systemic: state.systemic,
            view: std::sync::OnceLock::new(),
            last_strength_h: [f64::NEG_INFINITY; MUSCLE_COUNT],
            drive: Drive::rest(),
            drive_stale: false,
            grid,
            off_grid: None,
            soreness_gain,
        }
    }

    /// The same simulation, from now on with other parameters (a personal model's particle
    /// after resampling): the state, the clock and the events under way carry over.
    pub fn with_params(&self, params: Params) -> Simulation {
        let fresh = Simulation::build(
            self.athlete.clone(),
            params,
            Vec::new(),
            self.origin,
            self.state().clone(),
        );
        Simulation {
            params: fresh.params,
            grid: fresh.grid,
            off_grid: None,
            soreness_gain: fresh.soreness_gain,
            drive_stale: true,
            ..self.clone()
        }
    }

    /// The parameters this simulation runs with.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The current time, hours since the scenario start.
    pub fn time(&self) -> Hours {
        self.t
    }

    /// The raw state (for tests and checkpoints). The simulation keeps the groups' state as
    /// arrays; this view is assembled on first use after each change.
    pub fn state(&self) -> &State {
        self.view.get_or_init(|| State {
            muscles: std::array::from_fn(|i| self.muscles.get(i)),
            systemic: self.systemic,
        })
    }

    /// The events, sorted by time.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The report at time `at` (≥ the current time): instantaneous events at `at` are
    /// included. The simulation itself advances only to the last breakpoint at or before `at`.
    pub fn snapshot_at(&mut self, at: Hours) -> Snapshot {
        self.advance_until(at);
        if self.t >= at {
            return self.snapshot();
        }
        let mut probe = self.clone();
        probe.integrate(at - probe.t);
        probe.t = at;
        probe.snapshot()
    }

    /// Advances through every breakpoint up to and including `at` and applies the events due
    /// at `at`; the time is then the last breakpoint at or before `at`. Reports do not change:
    /// this is what [`Simulation::snapshot_at`] does first (use it to place a checkpoint).
    pub fn advance_to(&mut self, at: Hours) {
        self.advance_until(at);
    }

    /// Advances through every breakpoint up to and including `target` (events at exactly
    /// `target` are applied), without making `target` itself a breakpoint.
    fn advance_until(&mut self, target: Hours) {
        loop {
            // Apply whatever is due now: ends first, then starts and instantaneous events.
            let running = self.running.len();
            self.running.retain(|(end, _)| *end > self.t);
            self.drive_stale |= self.running.len() != running;
            while self.next < self.events.len() && self.events[self.next].at <= self.t {
                let index = self.next;
                self.next += 1;
                self.apply(index);
            }
            let next_event = self.events.get(self.next).map_or(f64::INFINITY, |e| e.at);
            let next_end = self
                .running
                .iter()
                .map(|(end, _)| *end)
                .fold(f64::INFINITY, f64::min);
            let steps = ((self.t - self.origin) / GRID_H).floor() + 1.0;
            let next_grid = self.origin + steps * GRID_H;
            let next = next_event.min(next_end).min(next_grid);
            if next > target {
                return;
            }
            self.integrate(next - self.t);
            self.t = next;
        }
    }

    /// The report for the current state.
    pub fn snapshot(&self) -> Snapshot {
        let sys = self.systemic_report();
        Snapshot {
            at_h: self.t,
            muscles: self.muscle_reports(&sys),
            systemic: sys,
        }
    }

    // ---------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------

    fn apply(&mut self, index: usize) {
        // A second handle on the shared list, so the event can be read while it changes the
        // state (no clone of the event, which would allocate for every session).
        let events = std::sync::Arc::clone(&self.events);
        self.apply_event(&events[index], index);
    }

    fn apply_event(&mut self, event: &Event, index: usize) {
        self.state_changes();
        if event.duration_h() > 0.0 {
            self.running.push((event.end(), index));
            self.drive_stale = true;
        }
        match &event.kind {
            EventKind::Strength(session) => self.apply_strength(session, event.at),
            EventKind::Sleep { hours, .. } => self.start_sleep(event.at, *hours),
            EventKind::Meal(meal) => self.eat(meal),
            EventKind::Fluid { litres, .. } => self.drink(*litres),
            EventKind::DryNeedling {
                muscles,
                insertions,
            } => self.dry_needling(muscles, *insertions),
            EventKind::Cold(cold) => self.cold_blunting(cold, event.at),
            _ => {}
        }
    }

    // ---------------------------------------------------------------------------------
    // Integration
    // ---------------------------------------------------------------------------------

    /// Integrates the state over `h` hours with the events now under way.
    fn integrate(&mut self, h: f64) {
        if h <= 0.0 {
            return;
        }
        self.state_changes();
        if self.drive_stale {
            self.drive = self.drive();
            self.drive_stale = false;
        }
        if h != GRID_H && self.off_grid.as_ref().is_none_or(|f| f.h != h) {
            self.off_grid = Some(StepFactors::new(&self.params, h));
        }
        let factors = match &self.off_grid {
            Some(f) if h != GRID_H => f,
            _ => &self.grid,
        };
        let d = &self.drive;
        let p = &self.params;
        let athlete = &self.athlete;
        let sys0 = self.systemic;
        let x = d.intensity.unwrap_or(0.0);

        // Systemic inputs shared by all groups, frozen over the step.
        let absorbed_carbs = sys0.gut_carbs_g * factors.carbs_absorbed;
        let carb_availability = absorbed_carbs / h / athlete.body_mass_kg;
        let protein_availability =
            sys0.gut_protein_g * factors.carbs_absorbed / h / athlete.body_mass_kg;
        let debt = self.sleep_debt(self.t);
        let anabolic = nutrition::anabolic_factor(p, debt, sys0.protein_g_per_kg, d.asleep);
        let step = GroupStep {
            p,
            f: factors,
            exp_table: exp_table(),
            h,
            x,
            exercising: d.intensity.is_some(),
            anabolic,
            age_factor: 1.0
                - p.repair_age_slowing_per_year
                    * (athlete.age_years - p.repair_age_from_years)
                        .clamp(0.0, p.repair_age_span_years),
            carb_synthesis: nutrition::carb_synthesis(
                p,
                carb_availability,
                protein_availability,
                debt,
            ),
            use_rate: p.glycogen_use_per_h * x * x * d.glycogen_sparing,
            metabolic_damage: p.endurance_metabolic_damage * x * x,
            eccentric_damage: p.endurance_eccentric_damage_base
                + p.endurance_eccentric_damage_per_x * x,
            endurance_fatigue: p.endurance_fatigue_rate * x * x,
            secondary_rate: 1.0 / p.secondary_tau_h,
            status_damage: self.status_damage,
        };
        let muscles = &mut self.muscles;
        // Every group takes the quiet update; the few an event touches then take the full
        // update from their state at the step start instead.
        // (A copy only when needed: most steps touch no group.)
        let start = if d.touched.contains(&true) {
            Some(*muscles)
        } else {
            None
        };
        step.quiet_all(muscles);
        if let Some(start) = start {
            for i in (0..MUSCLE_COUNT).filter(|&i| d.touched[i]) {
                let mut m = start.get(i);
                step.loaded(d, i, &mut m);
                muscles.set(i, &m);
            }
        }
        let mut systemic_inflammation = 0.0;
        for (w, inflammation) in p.mass_share.iter().zip(&muscles.inflammation) {
            systemic_inflammation += w * inflammation;
        }

        SystemicStep {
            p,
            f: factors,
            d,
            h,
            x,
            lactate_threshold: self.lactate_threshold,
            clearance_factor: self.clearance_factor,
            body_water_l: athlete.body_water_l(),
            debt,
            inflammation: systemic_inflammation,
            absorbed_carbs,
        }
        .step(&mut self.systemic);

        // Main sleeps that end inside this step are closed by the caller's event loop; here
        // we close any that end exactly at the step end.
        self.close_sleeps(self.t + h);
    }

    /// Forgets the built `State` view before the state changes.
    #[inline]
    fn state_changes(&mut self) {
        if self.view.get().is_some() {
            self.view = std::sync::OnceLock::new();
        }
    }
}

/// Sorts events by time, ties in their given order (a stable sort). Events are large, so
/// their order is found on (time, index) pairs and each event is then moved once.
fn sort_by_time(events: &mut Vec<Event>) {
    if events.is_sorted_by(|a, b| a.at.total_cmp(&b.at).is_le()) {
        return;
    }
    let mut order: Vec<(Hours, usize)> = events.iter().map(|e| e.at).zip(0..).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut slots: Vec<Option<Event>> = std::mem::take(events).into_iter().map(Some).collect();
    events.extend(order.iter().filter_map(|&(_, i)| slots[i].take()));
}

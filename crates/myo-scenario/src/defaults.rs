//! `defaults = "typical"`: the nights and meals a scenario leaves out, filled in the way the
//! spec describes, and the model's input that results.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveTime, Timelike};
use myo_model::{Event, EventKind, Meal};

use crate::Scenario;

/// What to fill in where a scenario is silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defaults {
    /// A night without a `sleep` event is 8 h from 23:00; a day without `meal` events has
    /// three adequate meals.
    Typical,
    /// Only what is listed happens.
    None,
}

/// Default sleep: 8 h from 23:00.
const NIGHT_START_H: u32 = 23;
const NIGHT_HOURS: f64 = 8.0;
/// Default meal times (local clock, hours).
const MEAL_TIMES: [(u32, u32); 3] = [(7, 30), (12, 30), (19, 0)];
/// Protein per default meal, g/kg (Jäger 2017; Schoenfeld & Aragon 2018: 0.4–0.55 g/kg/meal).
const PROTEIN_G_PER_KG_MEAL: f64 = 0.55;
/// Water drunk per kg per day besides sweat replacement, L/kg.
const BASE_FLUID_L_PER_KG: f64 = 0.035;

/// The events the model runs on, and what was filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelInput {
    pub events: Vec<Event>,
    /// Where the simulation starts (hours since the start): the earliest event or 0.
    pub start_h: f64,
    /// When the athlete last woke before `start_h`.
    pub last_wake_h: f64,
    /// Default nights added.
    pub nights_filled: usize,
    /// Default meal days added.
    pub meal_days_filled: usize,
}

impl ModelInput {
    /// One line a kind of default, for people.
    pub fn describe(&self, scenario: &Scenario) -> Vec<String> {
        let mut out = Vec::new();
        if scenario.defaults == Defaults::None {
            out.push("defaults = \"none\": only the listed sleep, meals and fluids".into());
            return out;
        }
        if self.nights_filled > 0 {
            out.push(format!(
                "sleep: 8 h from 23:00 on {} night(s) without a sleep event",
                self.nights_filled
            ));
        }
        if self.meal_days_filled > 0 {
            out.push(format!(
                "meals: 3 a day (07:30, 12:30, 19:00; {PROTEIN_G_PER_KG_MEAL} g/kg protein each, \
                 carbohydrate 5-10 g/kg/day by training time, fluids for mass and sweat) on {} day(s) without meals",
                self.meal_days_filled
            ));
        }
        out
    }
}

impl Scenario {
    /// The model's input for a simulation that runs until `until_h`, with defaults filled.
    pub fn model_input(&self, until_h: f64) -> ModelInput {
        let first = self
            .events
            .iter()
            .map(|e| e.at)
            .chain(self.query.times_h.first().copied())
            .fold(0.0_f64, f64::min);
        let end = self.events.iter().map(Event::end).fold(until_h, f64::max);
        let local = |h: f64| self.local_at(h).naive_local();
        let hours_at = |date: NaiveDate, hour: u32, minute: u32| -> f64 {
            self.hours_at_local(
                date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid")),
            )
        };
        // The athlete woke at 07:00 on the first day, or at the first event when it is earlier
        // that morning (a 06:30 breakfast before a long run); a first event in the small hours
        // means they have been up since the day before.
        let first_local = local(first);
        let last_wake_h = if first_local.hour() >= 7 {
            hours_at(first_local.date(), 7, 0)
        } else if first_local.hour() >= 4 {
            first
        } else {
            hours_at(first_local.date() - Duration::days(1), 7, 0)
        };
        let mut events = self.events.clone();
        let mut nights_filled = 0;
        let mut meal_days_filled = 0;
        if self.defaults == Defaults::Typical {
            // One pass over the events: sleep start times (sorted) and, per local day, whether
            // it has meals and how long it trained. A year of logs stays linear.
            let mut sleeps: Vec<f64> = Vec::new();
            let mut days: BTreeMap<NaiveDate, (bool, f64)> = BTreeMap::new();
            for e in &self.events {
                let day = days.entry(local(e.at).date()).or_default();
                match &e.kind {
                    EventKind::Sleep { .. } => sleeps.push(e.at),
                    EventKind::Meal(_) => day.0 = true,
                    EventKind::Endurance(s) => day.1 += s.minutes / 60.0,
                    EventKind::Strength(s) => {
                        day.1 +=
                            s.exercises.iter().map(|x| f64::from(x.sets)).sum::<f64>() * 2.5 / 60.0
                    }
                    _ => {}
                }
            }
            sleeps.sort_by(f64::total_cmp);
            let first_day = first_local.date();
            let last_day = local(end).date();
            let mut day = first_day;
            while day <= last_day {
                // The night of `day` is the window from noon to the next noon.
                let noon = hours_at(day, 12, 0);
                let i = sleeps.partition_point(|&t| t < noon);
                let has_sleep = sleeps.get(i).is_some_and(|&t| t < noon + 24.0);
                let bedtime = hours_at(day, NIGHT_START_H, 0);
                if !has_sleep && bedtime >= first && bedtime < end {
                    events.push(Event {
                        at: bedtime,
                        kind: EventKind::Sleep {
                            hours: NIGHT_HOURS,
                            quality: None,
                        },
                    });
                    nights_filled += 1;
                }
                let (has_meal, training_h) = days.get(&day).copied().unwrap_or_default();
                if !has_meal {
                    let meals = self.default_meals(training_h);
                    let mut added = false;
                    for (hour, minute) in MEAL_TIMES {
                        let at = hours_at(day, hour, minute);
                        if at >= first && at <= end {
                            events.push(Event {
                                at,
                                kind: EventKind::Meal(meals),
                            });
                            added = true;
                        }
                    }
                    meal_days_filled += usize::from(added);
                }
                day += Duration::days(1);
            }
        }
        events.sort_by(|a, b| a.at.total_cmp(&b.at));
        ModelInput {
            events,
            start_h: first,
            last_wake_h,
            nights_filled,
            meal_days_filled,
        }
    }

    /// One adequate meal for a day with `training_h` hours of training (AIS guidance: 5–7 g/kg
    /// light, 7–10 g/kg for 1.5–2 h+, capped at 10), protein per meal, fluids.
    fn default_meals(&self, training_h: f64) -> Meal {
        let mass = self.athlete.body_mass_kg;
        let carbs_per_kg = (5.0 + 1.5 * training_h).min(10.0);
        let fluid_l = BASE_FLUID_L_PER_KG * mass + 1.25 * training_h;
        Meal {
            protein_g: PROTEIN_G_PER_KG_MEAL * mass,
            carbs_g: carbs_per_kg * mass / 3.0,
            fat_g: 0.33 * mass / 3.0 * 3.0,
            leucine_g: None,
            fluid_l: fluid_l / 3.0,
        }
    }
}

#[cfg(test)]
mod tests {
    fn wake(first_event: &str) -> (f64, f64) {
        let text = format!(
            "[scenario]\nstart = \"2026-01-11T08:00:00Z\"\n[athlete]\nsex = \"female\"\nage = 30\n\
             body_mass_kg = 60\ntraining_status = \"trained\"\n[[event]]\nat = \"{first_event}\"\n\
             kind = \"fluid\"\nlitres = 0.5\n"
        );
        let input = crate::parse(&text).unwrap().model_input(24.0);
        (input.start_h, input.last_wake_h)
    }

    #[test]
    fn an_early_breakfast_is_when_the_athlete_woke() {
        // 06:30 the same morning: awake since then, not since 07:00 the day before.
        assert_eq!(wake("-90m"), (-1.5, -1.5));
        // After 07:00: the usual 07:00 wake.
        assert_eq!(wake("+2h"), (0.0, -1.0));
        // 02:00: up since the previous morning.
        assert_eq!(wake("-6h"), (-6.0, -25.0));
    }

    /// Default nights and meals by wall clock in the scenario's zone: across the spring clock
    /// change in Oslo, bedtime stays 23:00 local, one hour earlier in UTC.
    fn default_bedtimes_utc(zone: &str) -> Vec<String> {
        let text = format!(
            "[scenario]\nstart = \"2020-03-27T12:00:00+01:00\"\n{zone}[athlete]\nsex = \"male\"\n\
             age = 30\nbody_mass_kg = 75\ntraining_status = \"trained\"\n[[event]]\nat = \"+0h\"\n\
             kind = \"fluid\"\nlitres = 0.5\n"
        );
        let scenario = crate::parse(&text).unwrap();
        let input = scenario.model_input(4.0 * 24.0);
        input
            .events
            .iter()
            .filter(|e| matches!(e.kind, myo_model::EventKind::Sleep { .. }))
            .map(|e| {
                let at = scenario.start + chrono::Duration::minutes((e.at * 60.0).round() as i64);
                at.to_utc().format("%m-%d %H:%M").to_string()
            })
            .collect()
    }

    #[test]
    fn a_named_zone_keeps_local_hours_across_a_clock_change() {
        assert_eq!(
            default_bedtimes_utc("time_zone = \"Europe/Oslo\"\n"),
            ["03-27 22:00", "03-28 22:00", "03-29 21:00", "03-30 21:00"]
        );
        // Without one, the start's offset holds all year.
        assert_eq!(
            default_bedtimes_utc(""),
            ["03-27 22:00", "03-28 22:00", "03-29 22:00", "03-30 22:00"]
        );
        let bad = crate::parse(
            "[scenario]\ntime_zone = \"Europe/Olso\"\n[athlete]\nsex = \"male\"\nage = 30\n\
             body_mass_kg = 75\ntraining_status = \"trained\"\n",
        )
        .unwrap_err();
        assert_eq!(bad.line, Some(2));
        assert!(
            bad.message.contains("scenario.time_zone") && bad.message.contains("Europe/Oslo"),
            "{bad}"
        );
    }
}

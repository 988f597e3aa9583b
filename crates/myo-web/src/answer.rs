//! The top of the dashboard: the day's decision in plain words with at most three reasons,
//! built from the advisor's plan (whose own sentences stay for the CLI and the API). Human
//! names throughout: groups as "Lower back", the body's contributors as "Sleep owed".

use chrono::DateTime;
use myo_advisor::{DayPlan, Decision, Level, Severity};

use crate::bodymap::display;

/// The answer: a title, its tone (the decision's code, for styling) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub title: String,
    pub tone: &'static str,
    pub reasons: Vec<String>,
}

/// At most this many reasons under the title.
pub const MAX_REASONS: usize = 3;

/// People's names for the whole body's contributors (`myo_advisor::explain`).
pub fn contributor_label(name: &str) -> &str {
    match name {
        "neural_fatigue" => "Central fatigue (nervous system)",
        "autonomic" => "Autonomic balance (heart-rate variability)",
        "sleep_debt" => "Sleep owed",
        "hydration" => "Hydration",
        "training_load" => "Recent training load",
        "muscles" => "Muscles (glycogen, inflammation)",
        "force" => "Force",
        "soreness" => "Soreness",
        "glycogen" => "Glycogen",
        other => other,
    }
}

/// What a level allows, in words.
pub fn level_words(level: Level) -> &'static str {
    match level {
        Level::Hard => "hard work",
        Level::Moderate => "moderate work",
        Level::Light => "light work only",
        Level::Rest => "rest",
    }
}

/// The split's regions in words (each a list, so that a sentence can join several).
fn region_words(region: &str) -> Vec<String> {
    let parts: &[&str] = match region {
        "push" => &["chest", "shoulders", "triceps"],
        "pull" => &["back", "biceps"],
        other => return vec![other.to_string()],
    };
    parts.iter().map(|p| p.to_string()).collect()
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Thu 18:00" from an RFC 3339 time in the athlete's offset.
pub fn short_when(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.format("%a %H:%M").to_string())
        .unwrap_or_else(|_| text.to_string())
}

/// The dashboard's answer for a plan; `events` is how many events are logged.
pub fn answer(plan: &DayPlan, events: usize) -> Answer {
    let tone = plan.decision.as_str();
    if events == 0 {
        return Answer {
            title: "Nothing logged yet".into(),
            tone: "empty",
            reasons: vec![
                "Check your profile (age, body mass, time zone) in Settings.".into(),
                "Log your last sessions, sleep and how sore you are: myo shows each muscle's \
                 recovery from them."
                    .into(),
                "Rate soreness and readiness now and then: myo learns how you respond.".into(),
            ],
        };
    }
    let spared: Vec<String> = plan
        .split
        .iter()
        .filter(|b| b.level <= Level::Light)
        .flat_map(|b| region_words(b.region))
        .collect();
    let title = match plan.decision {
        Decision::SeekMedicalCare => "Seek medical care; no training plan".to_string(),
        Decision::Rest => "Rest today".to_string(),
        Decision::ActiveRecovery => "An easy day: active recovery only".to_string(),
        Decision::TrainOtherGroups if !spared.is_empty() => {
            format!("Train today, but rest your {}", and_list(&spared))
        }
        Decision::TrainOtherGroups => "Train the groups that are ready".to_string(),
        Decision::TrainModerately => "Train moderately today".to_string(),
        Decision::TrainHard => "Ready to train hard".to_string(),
    };
    let mut reasons: Vec<String> = Vec::new();
    let urgent = plan.decision == Decision::SeekMedicalCare;
    for f in &plan.flags {
        if f.severity == Severity::Urgent || (!urgent && f.severity == Severity::Warning) {
            reasons.push(f.message.clone());
        }
    }
    if urgent {
        reasons.truncate(MAX_REASONS);
        return Answer {
            title,
            tone,
            reasons,
        };
    }
    // Groups not ready for moderate work, least ready first, and when the last of them is.
    let behind: Vec<_> = plan
        .muscles
        .iter()
        .filter(|g| g.readiness < myo_advisor::forecast::MODERATE)
        .collect();
    if !behind.is_empty() {
        // A sentence: the first name capitalised, the others not.
        let mut names: Vec<String> = behind
            .iter()
            .take(3)
            .enumerate()
            .map(|(i, g)| match i {
                0 => display(g.muscle),
                _ => display(g.muscle).to_lowercase(),
            })
            .collect();
        if behind.len() > 3 {
            names.push(format!("{} more", behind.len() - 3));
        }
        let until = behind
            .iter()
            .filter_map(|g| g.ready.moderate.as_deref())
            .max_by_key(|t| DateTime::parse_from_rfc3339(t).ok());
        reasons.push(match until {
            Some(t) => format!(
                "{} still recovering: moderate work from {}.",
                and_list(&names),
                short_when(t)
            ),
            None => format!("{} still recovering.", and_list(&names)),
        });
    }
    // The whole body: what costs the most readiness.
    let wb = &plan.whole_body;
    let mut costly: Vec<_> = wb.contributors.iter().filter(|c| c.cost >= 1.0).collect();
    costly.sort_by(|a, b| b.cost.total_cmp(&a.cost));
    if let Some(c) = costly.first() {
        reasons.push(format!(
            "Whole body {:.0}/100, lowered most by {} (−{:.0}).",
            wb.readiness,
            contributor_label(c.name).to_lowercase(),
            c.cost
        ));
    } else if plan.decision == Decision::TrainHard {
        if let Some(g) = plan.muscles.first() {
            reasons.push(format!(
                "Every group is ready; the least ready is {} at {:.0}/100.",
                display(g.muscle).to_lowercase(),
                g.readiness
            ));
        }
    }
    reasons.truncate(MAX_REASONS);
    Answer {
        title,
        tone,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_people_write_them() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&[])), "");
        assert_eq!(and_list(&s(&["legs"])), "legs");
        assert_eq!(and_list(&s(&["legs", "core"])), "legs and core");
        assert_eq!(
            and_list(&s(&["legs", "back and biceps", "core"])),
            "legs, back and biceps and core"
        );
        assert_eq!(short_when("2026-03-12T18:00:00+01:00"), "Thu 18:00");
        assert_eq!(contributor_label("sleep_debt"), "Sleep owed");
    }
}

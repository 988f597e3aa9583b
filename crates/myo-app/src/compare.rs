//! `myo simulate --compare A B`: when each group is ready under two plans.

use std::collections::BTreeMap;

use serde::Serialize;

use myo_advisor::ReadyRangeStamps;

use crate::simulate::{ReadyAt, SimulationReport};

/// One group under both plans; differences are B − A in hours (negative: B is sooner).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupComparison {
    pub a: ReadyAt,
    pub b: ReadyAt,
    pub a_range: Option<ReadyRangeStamps>,
    pub b_range: Option<ReadyRangeStamps>,
    pub moderate_difference_h: Option<f64>,
    pub hard_difference_h: Option<f64>,
}

/// The comparison of two simulations of the same groups.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub muscles: BTreeMap<&'static str, GroupComparison>,
    /// Whole-body readiness at the last query time of each.
    pub readiness: [f64; 2],
}

fn hours_between(a: &Option<String>, b: &Option<String>) -> Option<f64> {
    let parse = |s: &String| chrono::DateTime::parse_from_rfc3339(s).ok();
    let (a, b) = (parse(a.as_ref()?)?, parse(b.as_ref()?)?);
    Some((b - a).num_minutes() as f64 / 60.0)
}

/// Compares two reports named `a` and `b`, over the groups either reports.
pub fn compare(
    a_name: &str,
    a: &SimulationReport,
    b_name: &str,
    b: &SimulationReport,
) -> Comparison {
    let never = ReadyAt {
        moderate: None,
        hard: None,
    };
    let mut names: Vec<&'static str> = a
        .ready_at
        .keys()
        .chain(b.ready_at.keys())
        .copied()
        .collect();
    names.sort_unstable();
    names.dedup();
    let muscles = names
        .into_iter()
        .map(|g| {
            let ra = a.ready_at.get(g).cloned().unwrap_or(never.clone());
            let rb = b.ready_at.get(g).cloned().unwrap_or(never.clone());
            (
                g,
                GroupComparison {
                    moderate_difference_h: hours_between(&ra.moderate, &rb.moderate),
                    hard_difference_h: hours_between(&ra.hard, &rb.hard),
                    a_range: a.ready_range.get(g).cloned(),
                    b_range: b.ready_range.get(g).cloned(),
                    a: ra,
                    b: rb,
                },
            )
        })
        .collect();
    let last = |r: &SimulationReport| r.points.last().map_or(100.0, |p| p.systemic.readiness);
    Comparison {
        a: a_name.into(),
        b: b_name.into(),
        muscles,
        readiness: [last(a), last(b)],
    }
}

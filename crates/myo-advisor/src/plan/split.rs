//! The suggested split: regions of groups that train together, each at its weakest group's level.

use myo_model::{MuscleGroup, Snapshot};

use super::groups::Levels;
use super::{Clock, Level, SplitBlock};
use crate::forecast::ReadyHours;

/// Groups that train together, for the suggested split.
const REGIONS: [(&str, &[MuscleGroup]); 4] = [
    (
        "legs",
        &[
            MuscleGroup::Quadriceps,
            MuscleGroup::Hamstrings,
            MuscleGroup::Glutes,
            MuscleGroup::Calves,
            MuscleGroup::Adductors,
            MuscleGroup::Abductors,
        ],
    ),
    (
        "push",
        &[
            MuscleGroup::Chest,
            MuscleGroup::Shoulders,
            MuscleGroup::Triceps,
        ],
    ),
    (
        "pull",
        &[
            MuscleGroup::Lats,
            MuscleGroup::MiddleBack,
            MuscleGroup::Biceps,
            MuscleGroup::Forearms,
            MuscleGroup::Traps,
        ],
    ),
    (
        "core",
        &[
            MuscleGroup::Abdominals,
            MuscleGroup::LowerBack,
            MuscleGroup::Neck,
        ],
    ),
];

/// The split: each region at its weakest group's level, saying what limits it and, when it is
/// not for today, from when moderate work is possible.
pub(super) fn split(
    levels: &Levels,
    now: &Snapshot,
    ready: &[(MuscleGroup, ReadyHours)],
    clock: &Clock,
) -> Vec<SplitBlock> {
    REGIONS
        .iter()
        .map(|(region, members)| {
            let level = members
                .iter()
                .filter_map(|g| levels.of(*g))
                .min()
                .unwrap_or(Level::Rest);
            let limiting: Vec<&str> = members
                .iter()
                .filter(|g| levels.of(**g) == Some(level))
                .map(|g| g.name())
                .collect();
            let own = members
                .iter()
                .map(|g| Level::from_readiness(now.muscle(*g).readiness))
                .min()
                .unwrap_or(Level::Rest);
            let text = match level {
                _ if level < own => format!(
                    "{region}: {} (the groups could do more; the whole body holds them back)",
                    level.name()
                ),
                Level::Hard => format!("{region}: hard"),
                Level::Moderate => {
                    format!("{region}: moderate (limited by {})", limiting.join(", "))
                }
                Level::Light | Level::Rest => {
                    let when = members
                        .iter()
                        .filter_map(|g| ready.iter().find(|(x, _)| x == g))
                        .filter_map(|(_, r)| r.moderate)
                        .fold(None, |acc: Option<f64>, t| {
                            Some(acc.map_or(t, |a| a.max(t)))
                        });
                    format!(
                        "{region}: not today ({} not ready{})",
                        limiting.join(", "),
                        when.map(|t| format!(
                            "; moderate work from {}",
                            clock.at(t).format("%a %d %b %H:%M")
                        ))
                        .unwrap_or_default()
                    )
                }
            };
            SplitBlock {
                region,
                level,
                text,
            }
        })
        .collect()
}

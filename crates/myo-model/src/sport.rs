//! Endurance sports and active-recovery modalities of the scenario spec.

use crate::muscle::MUSCLE_COUNT;

/// A value for each muscle group, indexed by [`crate::MuscleGroup::index`].
pub type PerMuscle<T> = [T; MUSCLE_COUNT];

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every value's spec name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The spec's name.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the spec's name (case- and punctuation-insensitive).
            pub fn parse(text: &str) -> Result<$name, $crate::muscle::UnknownName> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| crate::muscle::same_name(v.name(), text))
                    .ok_or_else(|| $crate::muscle::UnknownName::new(text, Self::ALL.iter().map(|v| v.name())))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}
pub(crate) use named_enum;

named_enum!(
    /// An endurance sport (`endurance.sport`), or a team or racket sport.
    Sport {
        Run => "run",
        Cycle => "cycle",
        Swim => "swim",
        Row => "row",
        Walk => "walk",
        Hike => "hike",
        Ski => "ski",
        Other => "other",
        // Team and racket sports (a match or a session of it): running of the same duration
        // and effort, with their muscles from the catalogue, plus the sprints, decelerations,
        // jumps and contacts of the sport (`Params::team_*`, docs/model.md §4.2).
        Soccer => "soccer",
        Basketball => "basketball",
        Handball => "handball",
        Rugby => "rugby",
        Hockey => "hockey",
        Volleyball => "volleyball",
        Tennis => "tennis",
        Squash => "squash",
        Badminton => "badminton",
    }
);

named_enum!(
    /// An active-recovery modality (`active_recovery.modality`).
    Modality {
        Walk => "walk",
        Cycle => "cycle",
        Swim => "swim",
        Yoga => "yoga",
        Mobility => "mobility",
    }
);

impl Sport {
    /// The team and racket sports, in the order of the per-sport tables of `Params`
    /// (`team_sprints_per_min` and its siblings).
    pub const TEAM: [Sport; 9] = [
        Sport::Soccer,
        Sport::Basketball,
        Sport::Handball,
        Sport::Rugby,
        Sport::Hockey,
        Sport::Volleyball,
        Sport::Tennis,
        Sport::Squash,
        Sport::Badminton,
    ];

    /// The sport's row in the per-sport tables of `Params`, if it is a team or racket sport.
    pub fn team_index(self) -> Option<usize> {
        Sport::TEAM.iter().position(|&s| s == self)
    }
}

/// How an endurance session loads each muscle group: `share` is the group's relative
/// involvement (0..=1, the prime movers near 1), `eccentric` the extra lengthening load per
/// unit of time (0 for level cycling or swimming; raised for quadriceps and calves downhill).
#[derive(Debug, Clone, PartialEq)]
pub struct Involvement {
    pub share: PerMuscle<f64>,
    pub eccentric: PerMuscle<f64>,
}

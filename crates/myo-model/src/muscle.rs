//! The seventeen muscle groups of the scenario spec (the grouping of the free-exercise-db
//! catalogue), and name parsing with a suggestion for near misses.

use std::fmt;

/// One of the seventeen muscle groups. The discriminant is a dense index (0..17) so per-group
/// state can live in fixed arrays.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MuscleGroup {
    Abdominals,
    Abductors,
    Adductors,
    Biceps,
    Calves,
    Chest,
    Forearms,
    Glutes,
    Hamstrings,
    Lats,
    LowerBack,
    MiddleBack,
    Neck,
    Quadriceps,
    Shoulders,
    Traps,
    Triceps,
}

/// The number of muscle groups.
pub const MUSCLE_COUNT: usize = 17;

impl MuscleGroup {
    /// Every group, in index order (alphabetical by name).
    pub const ALL: [MuscleGroup; MUSCLE_COUNT] = [
        MuscleGroup::Abdominals,
        MuscleGroup::Abductors,
        MuscleGroup::Adductors,
        MuscleGroup::Biceps,
        MuscleGroup::Calves,
        MuscleGroup::Chest,
        MuscleGroup::Forearms,
        MuscleGroup::Glutes,
        MuscleGroup::Hamstrings,
        MuscleGroup::Lats,
        MuscleGroup::LowerBack,
        MuscleGroup::MiddleBack,
        MuscleGroup::Neck,
        MuscleGroup::Quadriceps,
        MuscleGroup::Shoulders,
        MuscleGroup::Traps,
        MuscleGroup::Triceps,
    ];

    /// Every group's spec name, in index order.
    pub const NAMES: [&'static str; MUSCLE_COUNT] = {
        let mut names = [""; MUSCLE_COUNT];
        let mut i = 0;
        while i < MUSCLE_COUNT {
            names[i] = MuscleGroup::ALL[i].name();
            i += 1;
        }
        names
    };

    /// Dense index into per-group arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The spec's snake_case name.
    pub const fn name(self) -> &'static str {
        match self {
            MuscleGroup::Abdominals => "abdominals",
            MuscleGroup::Abductors => "abductors",
            MuscleGroup::Adductors => "adductors",
            MuscleGroup::Biceps => "biceps",
            MuscleGroup::Calves => "calves",
            MuscleGroup::Chest => "chest",
            MuscleGroup::Forearms => "forearms",
            MuscleGroup::Glutes => "glutes",
            MuscleGroup::Hamstrings => "hamstrings",
            MuscleGroup::Lats => "lats",
            MuscleGroup::LowerBack => "lower_back",
            MuscleGroup::MiddleBack => "middle_back",
            MuscleGroup::Neck => "neck",
            MuscleGroup::Quadriceps => "quadriceps",
            MuscleGroup::Shoulders => "shoulders",
            MuscleGroup::Traps => "traps",
            MuscleGroup::Triceps => "triceps",
        }
    }

    /// Parses a spec name, tolerating case, spaces and hyphens ("Lower back" → `lower_back`).
    pub fn parse(text: &str) -> Result<MuscleGroup, UnknownName> {
        MuscleGroup::ALL
            .into_iter()
            .find(|m| same_name(m.name(), text))
            .ok_or_else(|| UnknownName::new(text, MuscleGroup::ALL.iter().map(|m| m.name())))
    }
}

impl fmt::Display for MuscleGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether two names are the same once [`normalise`]d, without allocating (names are parsed
/// for every stored event and catalogue row).
pub fn same_name(a: &str, b: &str) -> bool {
    a == b || {
        a.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .eq(b
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase))
    }
}

/// Lower-cases and drops everything but letters and digits, so "Lower-Back" == "lower_back".
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name that matched nothing, with the closest known name when one is close enough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub given: String,
    pub suggestion: Option<String>,
}

impl UnknownName {
    /// Builds the error, picking the nearest candidate by normalised edit distance. A common
    /// abbreviation that is a prefix of exactly one candidate ("quads") also counts as near.
    pub fn new<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> UnknownName {
        UnknownName {
            given: given.to_string(),
            suggestion: nearest(given, candidates).map(str::to_string),
        }
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.given)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean \"{s}\"?)")?;
        }
        Ok(())
    }
}

/// The candidate closest to `given`, or `None` when nothing is reasonably close.
pub fn nearest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = normalise(given);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(&'a str, f64)> = None;
    for candidate in candidates {
        let norm = normalise(candidate);
        let mut score = strsim::normalized_damerau_levenshtein(&wanted, &norm);
        // "quads" for "quadriceps", "abs" for "abdominals": a shared prefix of 3+ letters.
        let shared = wanted
            .chars()
            .zip(norm.chars())
            .take_while(|(a, b)| a == b)
            .count();
        if shared >= 3 {
            score = score.max(0.5 + 0.05 * shared as f64);
        }
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.5).map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_name_and_variants() {
        for m in MuscleGroup::ALL {
            assert_eq!(MuscleGroup::parse(m.name()), Ok(m));
            assert_eq!(
                m.index(),
                MuscleGroup::ALL.iter().position(|x| *x == m).unwrap()
            );
        }
        assert_eq!(MuscleGroup::parse("Lower Back"), Ok(MuscleGroup::LowerBack));
        assert_eq!(
            MuscleGroup::parse("middle-back"),
            Ok(MuscleGroup::MiddleBack)
        );
    }

    #[test]
    fn suggests_nearest() {
        let err = MuscleGroup::parse("quads").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("quadriceps"));
        assert_eq!(err.to_string(), "\"quads\" (did you mean \"quadriceps\"?)");
        let err = MuscleGroup::parse("hamstring").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("hamstrings"));
        assert_eq!(MuscleGroup::parse("xyzzy").unwrap_err().suggestion, None);
    }
}

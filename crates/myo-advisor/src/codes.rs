//! Stable snake_case codes as enums: each variant names its code once, and that string is what
//! it serialises to, what the OpenAPI document lists, `as_str` and `Display`.

/// Declares a code enum: `Variant = "code",` per line.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $code:tt,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $code)] $variant,)*
        }

        impl $name {
            /// Every code, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The code as it is serialised.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

pub(crate) use codes;

#[cfg(test)]
mod tests {
    use crate::{AdviceCode, Decision, FlagCode};

    /// Every code serialises to its `as_str`, which is snake_case and unique.
    fn check<T: serde::Serialize + std::fmt::Display>(all: &[T], as_str: impl Fn(&T) -> &str) {
        let mut seen = std::collections::BTreeSet::new();
        for code in all {
            let s = as_str(code);
            assert_eq!(serde_json::to_value(code).unwrap(), s);
            assert_eq!(code.to_string(), s);
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
            assert!(seen.insert(s.to_string()), "{s} twice");
        }
    }

    #[test]
    fn codes_serialise_as_their_strings() {
        check(AdviceCode::ALL, |c| c.as_str());
        check(FlagCode::ALL, |c| c.as_str());
        let decisions = [
            Decision::SeekMedicalCare,
            Decision::Rest,
            Decision::ActiveRecovery,
            Decision::TrainOtherGroups,
            Decision::TrainModerately,
            Decision::TrainHard,
        ];
        check(&decisions, |d| d.as_str());
        for d in decisions {
            assert_eq!(d.as_str(), d.advice_code().as_str());
        }
    }

    #[cfg(feature = "openapi")]
    #[test]
    fn the_openapi_schema_lists_every_code() {
        fn listed<T: utoipa::PartialSchema>() -> serde_json::Value {
            serde_json::to_value(T::schema()).unwrap()["enum"].clone()
        }
        let strings = |all: Vec<&str>| serde_json::json!(all);
        assert_eq!(
            listed::<AdviceCode>(),
            strings(AdviceCode::ALL.iter().map(|c| c.as_str()).collect())
        );
        assert_eq!(
            listed::<FlagCode>(),
            strings(FlagCode::ALL.iter().map(|c| c.as_str()).collect())
        );
    }
}

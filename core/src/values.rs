//! Closed sets of values stored as strings (statuses, roles, horizons), with the transitions
//! their workflows allow, and the [`Edit`] wrapper used by update commands.

use serde::{Deserialize, Serialize};

/// How an update command treats one optional field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Edit<T> {
    /// Leave the field as it is.
    #[default]
    Keep,
    /// Set the field.
    Set(T),
    /// Remove the field.
    Clear,
}

impl<T> Edit<T> {
    /// Whether this edit changes anything.
    pub fn is_keep(&self) -> bool {
        matches!(self, Edit::Keep)
    }
    /// The value this edit would leave, given the current one.
    pub fn resolve(self, current: Option<T>) -> Option<T> {
        match self {
            Edit::Keep => current,
            Edit::Set(v) => Some(v),
            Edit::Clear => None,
        }
    }
}

/// Declares a closed set of string values with parsing that names the allowed values.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($(#[$vdoc:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $s)] $variant),+
        }

        impl $name {
            /// Every value, in workflow order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The allowed values, for error messages and help texts.
            pub const CHOICES: &'static str = concat!($($s, " "),+);

            /// The stored form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str {
                v.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::CoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                match norm.as_str() {
                    $($s => Ok($name::$variant),)+
                    _ => Err($crate::error::CoreError::InvalidChoice {
                        field: $field,
                        value: s.to_owned(),
                        allowed: $name::CHOICES.trim_end(),
                    }),
                }
            }
        }
    };
}
pub(crate) use choice;

/// Checks a status change against a workflow given as `(from, allowed next states)`.
pub(crate) fn check_transition<T: Copy + PartialEq + std::fmt::Display>(
    kind: &'static str,
    from: T,
    to: T,
    rules: &[(T, &[T])],
) -> crate::error::Result<()> {
    if from == to {
        return Ok(());
    }
    let allowed: &[T] = rules.iter().find(|(f, _)| *f == from).map(|(_, a)| *a).unwrap_or(&[]);
    if allowed.contains(&to) {
        Ok(())
    } else {
        let names: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        Err(crate::error::CoreError::IllegalTransition {
            kind,
            from: from.to_string(),
            to: to.to_string(),
            allowed: if names.is_empty() { "nothing (final state)".to_owned() } else { names.join(", ") },
        })
    }
}

choice! {
    /// Overall project health.
    Health, "health" {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
    }
}

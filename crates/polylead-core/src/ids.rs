//! Newtype identifiers. Ids are chosen by whoever creates the entity (a CSV file, the demo
//! generator, the API) and are kept exactly, so exports round-trip.
//! Invariant: 1..=64 characters of `A-Z a-z 0-9 . _ : -`, starting with a letter or digit.

use std::fmt;
use std::str::FromStr;

use crate::error::ValidationError;

/// Checks the shared id grammar.
pub fn check_id(raw: &str) -> Result<(), ValidationError> {
    let valid_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-');
    match raw.chars().next() {
        None => Err(ValidationError::new("id is empty")),
        Some(first) if !first.is_ascii_alphanumeric() => {
            Err(ValidationError::new(format!("id {raw:?} must start with a letter or digit")))
        }
        _ if raw.len() > 64 => Err(ValidationError::new(format!("id {raw:?} is longer than 64 characters"))),
        _ => match raw.chars().find(|c| !valid_char(*c)) {
            Some(c) => Err(ValidationError::new(format!(
                "id {raw:?} contains {c:?}; use letters, digits, '.', '_', ':' or '-'"
            ))),
            None => Ok(()),
        },
    }
}

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<$name, ValidationError> {
                check_id(raw)?;
                Ok($name(raw.to_owned()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(raw: &str) -> Result<$name, ValidationError> {
                $name::parse(raw)
            }
        }
    )*};
}

id_type!(
    /// A person (member of the organisation, past or present).
    PersonId,
    /// A team (circle), possibly nested in another.
    TeamId,
    /// A role in a team.
    RoleId,
    /// A decision domain (a decision right).
    DomainId,
    /// One ordered rule of a domain.
    RuleId,
    /// A time-boxed delegation of a domain.
    DelegationId,
    /// A decision taken (or being taken) in a domain.
    DecisionId,
    /// Advice, consent or an objection given on a decision.
    ResponseId,
    /// One leadership act.
    ActId,
    /// One advice tie between two people.
    TieId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_the_documented_grammar_and_refuse_the_rest() {
        assert!(PersonId::parse("p-001").is_ok());
        assert!(PersonId::parse("krackhardt:7").is_ok());
        for bad in ["", "-p", "a b", "é", &"x".repeat(65)] {
            assert!(PersonId::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}

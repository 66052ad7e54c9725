//! Validated text values and the closed vocabularies (enums) of the model.

use std::fmt;
use std::str::FromStr;

use crate::error::ValidationError;

/// A display name. Invariant: trimmed, 1..=200 characters, no line breaks.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Name, ValidationError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ValidationError::new("name is empty"));
        }
        if name.chars().count() > 200 {
            return Err(ValidationError::new("name is longer than 200 characters"));
        }
        if name.contains(['\n', '\r']) {
            return Err(ValidationError::new("name contains a line break"));
        }
        Ok(Name(name.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address. Invariant: one `@` with text on both sides, no spaces, ≤ 254 characters.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, ValidationError> {
        let email = raw.trim();
        let valid = email.len() <= 254
            && !email.contains(char::is_whitespace)
            && matches!(email.split_once('@'), Some((local, host))
                if !local.is_empty() && !host.is_empty() && !host.contains('@'));
        if valid {
            Ok(Email(email.to_owned()))
        } else {
            Err(ValidationError::new(format!("{email:?} is not an e-mail address")))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A skill, subject or tag keyword. Invariant: trimmed, lower case, 1..=80 characters.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Keyword(String);

impl Keyword {
    pub fn parse(raw: &str) -> Result<Keyword, ValidationError> {
        let keyword = raw.trim().to_lowercase();
        if keyword.is_empty() || keyword.chars().count() > 80 {
            return Err(ValidationError::new(format!("keyword {raw:?} must have 1 to 80 characters")));
        }
        Ok(Keyword(keyword))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! impl_text_traits {
    ($($name:ident),*) => {$(
        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(raw: &str) -> Result<$name, ValidationError> {
                $name::parse(raw)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
impl_text_traits!(Name, Email, Keyword);

/// A closed vocabulary written as lower-case words in files, the database and the API.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }
        impl std::str::FromStr for $name {
            type Err = $crate::error::ValidationError;
            fn from_str(raw: &str) -> Result<$name, $crate::error::ValidationError> {
                match raw.trim() {
                    $($text => Ok($name::$variant),)*
                    other => Err($crate::error::ValidationError::new(format!(
                        "{other:?} is not one of {}",
                        [$($text),*].join(", ")
                    ))),
                }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(Name::parse("  Ward 3 ").unwrap().as_str(), "Ward 3");
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse(&"x".repeat(201)).is_err());
    }

    #[test]
    fn emails_need_one_at_sign_with_both_sides() {
        assert!(Email::parse("ana@example.org").is_ok());
        for bad in ["ana", "@x", "a@", "a b@x", "a@b@c"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}

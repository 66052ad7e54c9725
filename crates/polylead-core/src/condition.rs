//! Rule conditions: a small language over a decision's attributes.
//!
//! ```text
//! condition := "always" | all ("or" all)*
//! all       := clause ("and" clause)*
//! clause    := "amount" ("<" | "<=" | ">" | ">=" | "=") NUMBER
//!            | "scope" ("=" | "within") TEAM-ID
//!            | "tag" "=" (WORD | "quoted text")
//! ```
//! Examples: `always`, `amount <= 5000`, `amount > 5000 and tag = hiring`,
//! `scope within care-north or tag = "night shift"`.

use std::fmt;
use std::str::FromStr;

use crate::error::ValidationError;
use crate::ids::TeamId;
use crate::text::Keyword;

#[derive(Clone, PartialEq, Debug)]
pub struct Condition {
    /// Alternatives (`or`), each a conjunction (`and`) of clauses. Empty = always.
    any_of: Vec<Vec<Clause>>,
}

#[derive(Clone, PartialEq, Debug)]
pub enum Clause {
    Amount(Comparison, f64),
    ScopeIs(TeamId),
    ScopeWithin(TeamId),
    Tag(Keyword),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

/// The attributes of a decision that conditions look at.
#[derive(Clone, Default, Debug)]
pub struct Attributes {
    pub amount: Option<f64>,
    pub scope: Option<TeamId>,
    pub tags: Vec<Keyword>,
}

impl Condition {
    pub fn always() -> Condition {
        Condition { any_of: Vec::new() }
    }

    pub fn is_always(&self) -> bool {
        self.any_of.is_empty()
    }

    /// Whether the attributes satisfy the condition. `within(inner, outer)` tells whether
    /// team `inner` is `outer` or nested somewhere inside it.
    pub fn matches(&self, attributes: &Attributes, within: impl Fn(&TeamId, &TeamId) -> bool) -> bool {
        self.is_always() || self.any_of.iter().any(|all| all.iter().all(|clause| clause.matches(attributes, &within)))
    }

    /// Why the attributes do not satisfy the condition (one reason per alternative), or `None`
    /// when they do.
    pub fn why_not(&self, attributes: &Attributes, within: impl Fn(&TeamId, &TeamId) -> bool) -> Option<String> {
        if self.matches(attributes, &within) {
            return None;
        }
        let reasons: Vec<String> = self
            .any_of
            .iter()
            .filter_map(|all| all.iter().find(|clause| !clause.matches(attributes, &within)))
            .map(|clause| clause.why_not(attributes))
            .collect();
        Some(reasons.join("; and "))
    }

    /// The condition in plain words, e.g. "the amount is at most 500 and the scope is within
    /// Ward 3"; `team_name` names a team. "always" for a condition that always holds.
    pub fn in_words(&self, team_name: impl Fn(&TeamId) -> String) -> String {
        if self.is_always() {
            return "always".to_owned();
        }
        let alternatives: Vec<String> = self
            .any_of
            .iter()
            .map(|all| all.iter().map(|clause| clause.in_words(&team_name)).collect::<Vec<_>>().join(" and "))
            .collect();
        alternatives.join(", or ")
    }

    pub fn parse(raw: &str) -> Result<Condition, ValidationError> {
        let tokens = tokenize(raw)?;
        if tokens.is_empty() || matches!(tokens.as_slice(), [Token::Word(w)] if w == "always") {
            return Ok(Condition::always());
        }
        let mut any_of = Vec::new();
        let mut all = Vec::new();
        let mut rest = tokens.as_slice();
        loop {
            let (clause, after) = parse_clause(rest)?;
            all.push(clause);
            match after {
                [] => break,
                [Token::Word(joiner), tail @ ..] if joiner == "and" => rest = tail,
                [Token::Word(joiner), tail @ ..] if joiner == "or" => {
                    any_of.push(std::mem::take(&mut all));
                    rest = tail;
                }
                [other, ..] => {
                    return Err(ValidationError::new(format!("expected 'and' or 'or', found {other}")));
                }
            }
        }
        any_of.push(all);
        Ok(Condition { any_of })
    }
}

impl Clause {
    fn in_words(&self, team_name: &impl Fn(&TeamId) -> String) -> String {
        match self {
            Clause::Amount(comparison, limit) => {
                let relation = match comparison {
                    Comparison::Less => "less than",
                    Comparison::LessOrEqual => "at most",
                    Comparison::Greater => "more than",
                    Comparison::GreaterOrEqual => "at least",
                    Comparison::Equal => "exactly",
                };
                format!("the amount is {relation} {limit}")
            }
            Clause::ScopeIs(team) => format!("the scope is {}", team_name(team)),
            Clause::ScopeWithin(team) => format!("the scope is within {}", team_name(team)),
            Clause::Tag(tag) => format!("it is tagged {tag}"),
        }
    }

    fn matches(&self, attributes: &Attributes, within: &impl Fn(&TeamId, &TeamId) -> bool) -> bool {
        match self {
            Clause::Amount(comparison, limit) => {
                attributes.amount.is_some_and(|amount| comparison.holds(amount, *limit))
            }
            Clause::ScopeIs(team) => attributes.scope.as_ref() == Some(team),
            Clause::ScopeWithin(team) => attributes.scope.as_ref().is_some_and(|scope| within(scope, team)),
            Clause::Tag(tag) => attributes.tags.contains(tag),
        }
    }

    fn why_not(&self, attributes: &Attributes) -> String {
        match (self, &attributes.amount, &attributes.scope) {
            (Clause::Amount(..), None, _) => format!("`{self}` needs an amount, and none was given"),
            (Clause::Amount(..), Some(amount), _) => format!("`{self}` does not hold for amount {amount}"),
            (Clause::ScopeIs(_) | Clause::ScopeWithin(_), _, None) => {
                format!("`{self}` needs a scope team, and none was given")
            }
            (Clause::ScopeIs(_) | Clause::ScopeWithin(_), _, Some(scope)) => {
                format!("`{self}` does not hold for scope {scope}")
            }
            (Clause::Tag(_), ..) => format!("`{self}` does not hold: the decision is not tagged so"),
        }
    }
}

impl Comparison {
    fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::Less => left < right,
            Comparison::LessOrEqual => left <= right,
            Comparison::Greater => left > right,
            Comparison::GreaterOrEqual => left >= right,
            Comparison::Equal => left == right,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
            Comparison::Equal => "=",
        }
    }
}

#[derive(Clone, PartialEq, Debug)]
enum Token {
    Word(String),
    Quoted(String),
    Symbol(&'static str),
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Word(word) => write!(f, "'{word}'"),
            Token::Quoted(text) => write!(f, "{text:?}"),
            Token::Symbol(symbol) => write!(f, "'{symbol}'"),
        }
    }
}

fn tokenize(raw: &str) -> Result<Vec<Token>, ValidationError> {
    let mut tokens = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '<' | '>' => {
                let with_equal = chars.next_if(|(_, next)| *next == '=').is_some();
                tokens.push(Token::Symbol(match (c, with_equal) {
                    ('<', false) => "<",
                    ('<', true) => "<=",
                    ('>', false) => ">",
                    _ => ">=",
                }));
            }
            '=' => tokens.push(Token::Symbol("=")),
            '"' => {
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, other)) => text.push(other),
                        None => return Err(ValidationError::new("a quoted text is not closed")),
                    }
                }
                tokens.push(Token::Quoted(text));
            }
            c if c.is_alphanumeric() || matches!(c, '.' | '_' | ':' | '-') => {
                let mut end = start + c.len_utf8();
                while let Some((index, next)) =
                    chars.next_if(|(_, next)| next.is_alphanumeric() || matches!(next, '.' | '_' | ':' | '-'))
                {
                    end = index + next.len_utf8();
                }
                tokens.push(Token::Word(raw[start..end].to_owned()));
            }
            other => {
                return Err(ValidationError::new(format!("unexpected {other:?} at character {}", start + 1)));
            }
        }
    }
    Ok(tokens)
}

fn parse_clause(tokens: &[Token]) -> Result<(Clause, &[Token]), ValidationError> {
    let expected = "expected a clause: amount <op> NUMBER, scope = TEAM, scope within TEAM or tag = WORD";
    match tokens {
        [Token::Word(field), Token::Symbol(symbol), Token::Word(number), rest @ ..] if field == "amount" => {
            let comparison = match *symbol {
                "<" => Comparison::Less,
                "<=" => Comparison::LessOrEqual,
                ">" => Comparison::Greater,
                ">=" => Comparison::GreaterOrEqual,
                _ => Comparison::Equal,
            };
            let limit: f64 = number
                .parse()
                .ok()
                .filter(|limit: &f64| limit.is_finite())
                .ok_or_else(|| ValidationError::new(format!("amount limit {number:?} is not a number")))?;
            Ok((Clause::Amount(comparison, limit), rest))
        }
        [Token::Word(field), Token::Symbol("="), Token::Word(team), rest @ ..] if field == "scope" => {
            Ok((Clause::ScopeIs(TeamId::parse(team)?), rest))
        }
        [Token::Word(field), Token::Word(within), Token::Word(team), rest @ ..]
            if field == "scope" && within == "within" =>
        {
            Ok((Clause::ScopeWithin(TeamId::parse(team)?), rest))
        }
        [Token::Word(field), Token::Symbol("="), Token::Word(tag) | Token::Quoted(tag), rest @ ..]
            if field == "tag" =>
        {
            Ok((Clause::Tag(Keyword::parse(tag)?), rest))
        }
        [] => Err(ValidationError::new(format!("{expected}, found the end"))),
        [first, ..] => Err(ValidationError::new(format!("{expected}, found {first}"))),
    }
}

impl fmt::Display for Condition {
    /// The canonical text, which parses back to the same condition.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_always() {
            return f.write_str("always");
        }
        let alternatives: Vec<String> =
            self.any_of.iter().map(|all| all.iter().map(Clause::to_string).collect::<Vec<_>>().join(" and ")).collect();
        f.write_str(&alternatives.join(" or "))
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Amount(comparison, limit) => write!(f, "amount {} {limit}", comparison.symbol()),
            Clause::ScopeIs(team) => write!(f, "scope = {team}"),
            Clause::ScopeWithin(team) => write!(f, "scope within {team}"),
            Clause::Tag(tag) if tag.as_str().chars().all(|c| c.is_alphanumeric() || "._:-".contains(c)) => {
                write!(f, "tag = {tag}")
            }
            // Quoted text has no escapes (see `tokenize`), so the tag is written as it is: a
            // Rust-style escaped string would not parse back to the same tag.
            Clause::Tag(tag) => write!(f, "tag = \"{tag}\""),
        }
    }
}

impl FromStr for Condition {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Condition, ValidationError> {
        Condition::parse(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_reads_as_plain_words() {
        let name = |team: &TeamId| format!("team {team}");
        assert_eq!(Condition::always().in_words(name), "always");
        let condition = Condition::parse("amount <= 5000 and scope within ward3 or tag = urgent").unwrap();
        assert_eq!(
            condition.in_words(name),
            "the amount is at most 5000 and the scope is within team ward3, or it is tagged urgent"
        );
        assert_eq!(Condition::parse("amount > 5000").unwrap().in_words(name), "the amount is more than 5000");
    }

    fn attributes(amount: Option<f64>, scope: Option<&str>, tags: &[&str]) -> Attributes {
        Attributes {
            amount,
            scope: scope.map(|team| TeamId::parse(team).unwrap()),
            tags: tags.iter().map(|tag| Keyword::parse(tag).unwrap()).collect(),
        }
    }

    fn nested(inner: &TeamId, outer: &TeamId) -> bool {
        inner == outer || (inner.as_str() == "ward-3" && outer.as_str() == "care")
    }

    #[test]
    fn conditions_select_by_amount_scope_and_tag() {
        let cases = [
            ("always", attributes(None, None, &[]), true),
            ("amount <= 5000", attributes(Some(5000.0), None, &[]), true),
            ("amount <= 5000", attributes(Some(5000.01), None, &[]), false),
            ("amount > 5000", attributes(None, None, &[]), false),
            ("amount > 5000 and tag = hiring", attributes(Some(9000.0), None, &["hiring"]), true),
            ("amount > 5000 and tag = hiring", attributes(Some(9000.0), None, &[]), false),
            ("scope within care or tag = \"night shift\"", attributes(None, Some("ward-3"), &[]), true),
            ("scope within care or tag = \"night shift\"", attributes(None, None, &["night shift"]), true),
            ("scope = care", attributes(None, Some("ward-3"), &[]), false),
        ];
        for (text, attributes, expected) in cases {
            let condition = Condition::parse(text).unwrap();
            assert_eq!(condition.matches(&attributes, nested), expected, "{text}");
        }
    }

    #[test]
    fn canonical_text_parses_back_to_the_same_condition() {
        for text in ["always", "amount >= 10 and scope = t1 or tag = \"night shift\"", "scope within t-2"] {
            let condition = Condition::parse(text).unwrap();
            assert_eq!(Condition::parse(&condition.to_string()).unwrap(), condition);
        }
        assert_eq!(Condition::parse("").unwrap().to_string(), "always");
    }

    #[test]
    fn quoted_tags_with_backslashes_and_control_characters_parse_back() {
        // Found by fuzz/ (rule_condition): the tag was printed with Rust escapes (`\0`).
        for text in ["amount > 5000 or tag = \"nighu\0{hift\"", "tag = \"a\\b\"", "tag = \"tab\there\""] {
            let condition = Condition::parse(text).unwrap();
            assert_eq!(Condition::parse(&condition.to_string()).unwrap(), condition, "{text:?}");
        }
    }

    #[test]
    fn bad_conditions_say_what_was_expected() {
        for (text, needle) in [
            ("amount >", "expected a clause"),
            ("amount > lots", "not a number"),
            ("budget > 5", "expected a clause"),
            ("tag = \"open", "not closed"),
            ("tag = a tag = b", "expected 'and' or 'or'"),
            ("amount ! 5", "unexpected '!'"),
        ] {
            let error = Condition::parse(text).unwrap_err();
            assert!(error.reason.contains(needle), "{text}: {error}");
        }
    }
}

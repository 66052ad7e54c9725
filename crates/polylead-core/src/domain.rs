//! Decision domains (decision rights), their ordered rules, and time-boxed delegations.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;

use crate::condition::Condition;
use crate::error::ValidationError;
use crate::ids::{DelegationId, DomainId, PersonId, RoleId, RuleId, TeamId};
use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::text::{Keyword, Name, vocabulary};

vocabulary! {
    /// How a decision is taken (PRODUCT.md glossary).
    Process {
        /// Decide, then inform.
        Autonomous = "autonomous",
        /// Ask the required advisors first, then decide.
        Advice = "advice",
        /// Adopted when no reasoned objection stands at the deadline.
        Consent = "consent",
    }
}

/// Who takes part in a rule, written `holder`, `person:ID`, `role:ID` or `team:ID`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Party {
    /// Whoever holds the domain (its role's fillers, or its team's members).
    Holder,
    Person(PersonId),
    Role(RoleId),
    Team(TeamId),
}

impl FromStr for Party {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Party, ValidationError> {
        let raw = raw.trim();
        match raw.split_once(':') {
            _ if raw == "holder" => Ok(Party::Holder),
            Some(("person", id)) => Ok(Party::Person(id.parse()?)),
            Some(("role", id)) => Ok(Party::Role(id.parse()?)),
            Some(("team", id)) => Ok(Party::Team(id.parse()?)),
            _ => Err(ValidationError::new(format!(
                "{raw:?} is not a party; write holder, person:ID, role:ID or team:ID"
            ))),
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Party::Holder => f.write_str("holder"),
            Party::Person(id) => write!(f, "person:{id}"),
            Party::Role(id) => write!(f, "role:{id}"),
            Party::Team(id) => write!(f, "team:{id}"),
        }
    }
}

/// Who holds a domain: a role or a whole team, written `role:ID` or `team:ID`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Holder {
    Role(RoleId),
    Team(TeamId),
}

impl FromStr for Holder {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Holder, ValidationError> {
        match raw.parse::<Party>() {
            Ok(Party::Role(id)) => Ok(Holder::Role(id)),
            Ok(Party::Team(id)) => Ok(Holder::Team(id)),
            _ => Err(ValidationError::new(format!("{:?} is not a holder; write role:ID or team:ID", raw.trim()))),
        }
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Holder::Role(id) => write!(f, "role:{id}"),
            Holder::Team(id) => write!(f, "team:{id}"),
        }
    }
}

impl From<&Holder> for Party {
    fn from(holder: &Holder) -> Party {
        match holder {
            Holder::Role(id) => Party::Role(id.clone()),
            Holder::Team(id) => Party::Team(id.clone()),
        }
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Domain {
    pub id: DomainId,
    pub name: Name,
    pub description: Option<String>,
    /// Words people use for decisions in this domain, for free-text routing.
    pub keywords: Vec<Keyword>,
    pub holder: Holder,
}

impl Record for Domain {
    const ENTITY: Entity = Entity::Domain;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Domain id."),
        col("name", Kind::Text, true, "Domain name, e.g. \"Spending from the team budget\"."),
        col("description", Kind::Text, false, "What decisions belong here."),
        col("keywords", Kind::List, false, "Words used for such decisions, separated by ';'."),
        col("holder", Kind::Text, true, "Who holds the right: role:ID or team:ID."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.name.as_str().into(),
            self.description.clone().into(),
            self.keywords.iter().map(Keyword::to_string).collect::<Vec<_>>().into(),
            self.holder.to_string().into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Domain, FieldError> {
        Ok(Domain {
            id: fields.parse()?,
            name: fields.parse()?,
            description: fields.opt_text()?,
            keywords: fields.list()?,
            holder: fields.parse()?,
        })
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

/// One rule of a domain; the first rule (lowest `position`) whose condition matches applies.
#[derive(Clone, PartialEq, Debug)]
pub struct Rule {
    pub id: RuleId,
    pub domain: DomainId,
    pub position: u32,
    pub condition: Condition,
    pub decider: Party,
    pub process: Process,
    pub consulted: Vec<Party>,
    pub informed: Vec<Party>,
    /// How long the process may take before it escalates.
    pub time_limit_hours: Option<u32>,
    pub escalate_to: Option<Party>,
}

impl Record for Rule {
    const ENTITY: Entity = Entity::Rule;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Rule id."),
        col("domain_id", Kind::Text, true, "Id of the domain the rule belongs to."),
        col(
            "position",
            Kind::Int,
            true,
            "Order within the domain: the first matching rule applies. Unique per domain.",
        ),
        col(
            "condition",
            Kind::Text,
            false,
            "When the rule applies, e.g. `amount <= 5000 and tag = hiring`; empty or `always` for every decision (see below).",
        ),
        col("decider", Kind::Text, true, "Who decides: holder, person:ID, role:ID or team:ID."),
        col("process", Kind::Text, true, "autonomous, advice or consent."),
        col("consulted", Kind::List, false, "Parties that must be consulted, separated by ';'."),
        col("informed", Kind::List, false, "Parties informed of the decision, separated by ';'."),
        col("time_limit_hours", Kind::Int, false, "Hours the process may take before it escalates (1-8760)."),
        col(
            "escalate_to",
            Kind::Text,
            false,
            "Party the decision escalates to when the limit passes or an objection cannot be integrated.",
        ),
    ];

    fn values(&self) -> Vec<Value> {
        let parties = |parties: &[Party]| parties.iter().map(Party::to_string).collect::<Vec<_>>();
        vec![
            self.id.as_str().into(),
            self.domain.as_str().into(),
            self.position.into(),
            self.condition.to_string().into(),
            self.decider.to_string().into(),
            self.process.as_str().into(),
            parties(&self.consulted).into(),
            parties(&self.informed).into(),
            self.time_limit_hours.into(),
            self.escalate_to.as_ref().map(Party::to_string).into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Rule, FieldError> {
        Ok(Rule {
            id: fields.parse()?,
            domain: fields.parse()?,
            position: fields.opt_int_in(0..=1_000_000)?.unwrap_or(0) as u32,
            condition: fields.opt_parse()?.unwrap_or_else(Condition::always),
            decider: fields.parse()?,
            process: fields.parse()?,
            consulted: fields.list()?,
            informed: fields.list()?,
            time_limit_hours: fields.opt_int_in(1..=8760)?.map(|hours| hours as u32),
            escalate_to: fields.opt_parse()?,
        })
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

/// A domain's right handed to a person for a period.
#[derive(Clone, PartialEq, Debug)]
pub struct Delegation {
    pub id: DelegationId,
    pub domain: DomainId,
    pub delegate: PersonId,
    pub delegated_by: Option<PersonId>,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub note: Option<String>,
}

impl Delegation {
    pub fn is_in_force_at(&self, at: Timestamp) -> bool {
        self.starts_at <= at && at < self.ends_at
    }
}

impl Record for Delegation {
    const ENTITY: Entity = Entity::Delegation;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Delegation id."),
        col("domain_id", Kind::Text, true, "Id of the domain delegated."),
        col("delegate_id", Kind::Text, true, "Id of the person who receives the right."),
        col("delegated_by_id", Kind::Text, false, "Id of the person who delegated it."),
        col("starts_at", Kind::Time, true, "When the delegation starts."),
        col("ends_at", Kind::Time, true, "When it ends (exclusive); after starts_at."),
        col("note", Kind::Text, false, "Why, or any limits agreed."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.domain.as_str().into(),
            self.delegate.as_str().into(),
            self.delegated_by.as_ref().map(PersonId::as_str).into(),
            self.starts_at.into(),
            self.ends_at.into(),
            self.note.clone().into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Delegation, FieldError> {
        let delegation = Delegation {
            id: fields.parse()?,
            domain: fields.parse()?,
            delegate: fields.parse()?,
            delegated_by: fields.opt_parse()?,
            starts_at: fields.time()?,
            ends_at: fields.time()?,
            note: fields.opt_text()?,
        };
        if delegation.ends_at <= delegation.starts_at {
            return Err(Fields::refuse("ends_at", "must be after starts_at"));
        }
        Ok(delegation)
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

//! How the organisation pages name things: links to teams, roles, people and domains, and
//! parties and rules in plain words.

use polylead_core::domain::{Holder, Party, Process, Rule};
use polylead_core::ids::{DomainId, PersonId, RoleId, TeamId};
use polylead_core::record::Entity;
use polylead_core::rights::Organisation;

use crate::error::ApiError;
use crate::pages::PageError;

/// A link to a page of the organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub label: String,
}

impl Link {
    pub fn team(organisation: &Organisation, id: &TeamId) -> Link {
        Link { href: format!("/teams/{id}"), label: team_name(organisation, id) }
    }

    pub fn role(organisation: &Organisation, id: &RoleId) -> Link {
        let label = organisation.role(id).map_or_else(|| id.to_string(), |role| role.name.to_string());
        Link { href: format!("/roles/{id}"), label }
    }

    pub fn person(organisation: &Organisation, id: &PersonId) -> Link {
        Link { href: format!("/people/{id}"), label: person_name(organisation, id) }
    }

    pub fn domain(organisation: &Organisation, id: &DomainId) -> Link {
        let label = organisation.domain(id).map_or_else(|| id.to_string(), |domain| domain.name.to_string());
        Link { href: format!("/domains/{id}"), label }
    }

    /// The holder of a domain: its role or its team.
    pub fn holder(organisation: &Organisation, holder: &Holder) -> Link {
        match holder {
            Holder::Role(role) => Link::role(organisation, role),
            Holder::Team(team) => Link::team(organisation, team),
        }
    }
}

pub fn team_name(organisation: &Organisation, id: &TeamId) -> String {
    organisation.team(id).map_or_else(|| id.to_string(), |team| team.name.to_string())
}

pub fn person_name(organisation: &Organisation, id: &PersonId) -> String {
    organisation.person(id).map_or_else(|| id.to_string(), |person| person.name.to_string())
}

/// A party in words: "the holder", "Ana", "role Rota coordinator", "team Ward 3".
pub fn party_in_words(organisation: &Organisation, party: &Party) -> String {
    match party {
        Party::Holder => "the holder".to_owned(),
        Party::Person(person) => person_name(organisation, person),
        Party::Role(role) => format!("role {}", Link::role(organisation, role).label),
        Party::Team(team) => format!("team {}", team_name(organisation, team)),
    }
}

fn parties_in_words(organisation: &Organisation, parties: &[Party]) -> String {
    let words: Vec<String> = parties.iter().map(|party| party_in_words(organisation, party)).collect();
    words.join(", ")
}

/// A rule in plain words: "If the amount is at most 500: the holder decides by advice,
/// consulting team Ward 3, informing role Regional lead, within 48 hours, escalating to …".
pub fn rule_in_words(organisation: &Organisation, rule: &Rule) -> String {
    let condition = if rule.condition.is_always() {
        "Always".to_owned()
    } else {
        format!("If {}", rule.condition.in_words(|team| format!("team {}", team_name(organisation, team))))
    };
    let process = match rule.process {
        Process::Autonomous => "on their own",
        Process::Advice => "by advice",
        Process::Consent => "by consent",
    };
    let mut sentence = format!("{condition}: {} decides {process}", party_in_words(organisation, &rule.decider));
    if !rule.consulted.is_empty() {
        sentence.push_str(&format!(", consulting {}", parties_in_words(organisation, &rule.consulted)));
    }
    if !rule.informed.is_empty() {
        sentence.push_str(&format!(", informing {}", parties_in_words(organisation, &rule.informed)));
    }
    if let Some(hours) = rule.time_limit_hours {
        sentence.push_str(&format!(", within {hours} hours"));
    }
    if let Some(party) = &rule.escalate_to {
        sentence.push_str(&format!(", escalating to {}", party_in_words(organisation, party)));
    }
    sentence.push('.');
    sentence
}

/// Parses the id in a page's path; a malformed id is a page that does not exist (404).
pub fn parse_id<T>(
    raw: &str,
    entity: Entity,
    parse: impl Fn(&str) -> Result<T, polylead_core::error::ValidationError>,
) -> Result<T, PageError> {
    parse(raw).map_err(|_| PageError(ApiError::not_found(entity, raw)))
}

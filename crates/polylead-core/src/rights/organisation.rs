//! The organisation's structure indexed for answering questions about decision rights:
//! who fills a role, who is in a team, which team is nested in which, which rules a domain has.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::dataset::Dataset;
use crate::domain::{Delegation, Domain, Holder, Party, Rule};
use crate::ids::{DomainId, PersonId, RoleId, TeamId};
use crate::person::Person;
use crate::role::Role;
use crate::setting::Setting;
use crate::team::Team;
use crate::text::Keyword;

/// The keyword that marks a team's governance domain: the domain, held by the team, in which
/// changes to its roles, rights and sub-teams are decided.
pub const GOVERNANCE_KEYWORD: &str = "governance";

/// Structure only (no decisions, acts or ties), with the lookups resolution needs.
#[derive(Clone, Default, Debug)]
pub struct Organisation {
    settings: BTreeMap<String, String>,
    teams: BTreeMap<TeamId, Team>,
    people: BTreeMap<PersonId, Person>,
    roles: BTreeMap<RoleId, Role>,
    fillers: BTreeMap<RoleId, Vec<PersonId>>,
    members: BTreeMap<TeamId, BTreeSet<PersonId>>,
    domains: BTreeMap<DomainId, Domain>,
    rules: BTreeMap<DomainId, Vec<Rule>>,
    delegations: BTreeMap<DomainId, Vec<Delegation>>,
    domains_by_keyword: BTreeMap<Keyword, Vec<DomainId>>,
    /// The same, per team the domain belongs to.
    domains_by_keyword_team: BTreeMap<(Keyword, TeamId), Vec<DomainId>>,
}

impl Organisation {
    /// Indexes the structure of `data`; decisions, responses, acts and ties are ignored.
    pub fn new(data: &Dataset) -> Organisation {
        let mut organisation = Organisation {
            settings: data.settings.iter().map(|Setting { key, value }| (key.to_string(), value.clone())).collect(),
            teams: data.teams.iter().map(|team| (team.id.clone(), team.clone())).collect(),
            people: data.people.iter().map(|person| (person.id.clone(), person.clone())).collect(),
            roles: data.roles.iter().map(|role| (role.id.clone(), role.clone())).collect(),
            domains: data.domains.iter().map(|domain| (domain.id.clone(), domain.clone())).collect(),
            ..Organisation::default()
        };
        for person in &data.people {
            if let Some(team) = &person.team {
                organisation.members.entry(team.clone()).or_default().insert(person.id.clone());
            }
        }
        for filler in &data.fillers {
            organisation.fillers.entry(filler.role.clone()).or_default().push(filler.person.clone());
            if let Some(role) = organisation.roles.get(&filler.role) {
                organisation.members.entry(role.team.clone()).or_default().insert(filler.person.clone());
            }
        }
        for rule in &data.rules {
            organisation.rules.entry(rule.domain.clone()).or_default().push(rule.clone());
        }
        for rules in organisation.rules.values_mut() {
            rules.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
        }
        for delegation in &data.delegations {
            organisation.delegations.entry(delegation.domain.clone()).or_default().push(delegation.clone());
        }
        for domain in &data.domains {
            let team = organisation.team_of(domain).cloned();
            for keyword in &domain.keywords {
                organisation.domains_by_keyword.entry(keyword.clone()).or_default().push(domain.id.clone());
                if let Some(team) = &team {
                    let key = (keyword.clone(), team.clone());
                    organisation.domains_by_keyword_team.entry(key).or_default().push(domain.id.clone());
                }
            }
        }
        organisation
    }

    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.get(key).map(String::as_str)
    }

    pub fn domain(&self, id: &DomainId) -> Option<&Domain> {
        self.domains.get(id)
    }

    pub fn domains(&self) -> impl Iterator<Item = &Domain> {
        self.domains.values()
    }

    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.people.get(id)
    }

    pub fn team(&self, id: &TeamId) -> Option<&Team> {
        self.teams.get(id)
    }

    pub fn teams(&self) -> impl Iterator<Item = &Team> {
        self.teams.values()
    }

    pub fn role(&self, id: &RoleId) -> Option<&Role> {
        self.roles.get(id)
    }

    /// Every role, in id order.
    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.roles.values()
    }

    /// Everyone, past and present, in id order.
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.people.values()
    }

    /// The people filling `role` (members or not), in the order they were imported.
    pub fn fillers(&self, role: &RoleId) -> &[PersonId] {
        self.fillers.get(role).map_or(&[], Vec::as_slice)
    }

    /// The domain's rules, in the order they are tried.
    pub fn rules(&self, domain: &DomainId) -> &[Rule] {
        self.rules.get(domain).map_or(&[], Vec::as_slice)
    }

    pub fn delegations(&self, domain: &DomainId) -> &[Delegation] {
        self.delegations.get(domain).map_or(&[], Vec::as_slice)
    }

    /// Domains carrying `keyword`, in id order.
    pub fn domains_with_keyword(&self, keyword: &Keyword) -> &[DomainId] {
        self.domains_by_keyword.get(keyword).map_or(&[], Vec::as_slice)
    }

    /// Domains carrying `keyword` that belong to `team` itself, in id order.
    pub fn domains_with_keyword_in(&self, keyword: &Keyword, team: &TeamId) -> &[DomainId] {
        self.domains_by_keyword_team.get(&(keyword.clone(), team.clone())).map_or(&[], Vec::as_slice)
    }

    /// `team` and the teams it is nested in, innermost first.
    pub fn lineage<'a>(&'a self, team: &'a TeamId) -> Vec<&'a TeamId> {
        let mut lineage = vec![team];
        while let Some(parent) = lineage.last().and_then(|team| self.teams.get(*team)).and_then(|t| t.parent.as_ref()) {
            // Cycles are refused at import; the bound only guards against a corrupt store.
            if lineage.len() > self.teams.len() {
                break;
            }
            lineage.push(parent);
        }
        lineage
    }

    /// Whether team `inner` is `outer` or nested somewhere inside it.
    pub fn within(&self, inner: &TeamId, outer: &TeamId) -> bool {
        let mut current = Some(inner);
        let mut steps = 0;
        while let Some(team) = current {
            if team == outer {
                return true;
            }
            // Cycles are refused at import; the bound only guards against a corrupt store.
            steps += 1;
            if steps > self.teams.len() {
                return false;
            }
            current = self.teams.get(team).and_then(|team| team.parent.as_ref());
        }
        false
    }

    /// The team a domain belongs to: the holding team, or the team of the holding role.
    pub fn team_of<'a>(&'a self, domain: &'a Domain) -> Option<&'a TeamId> {
        match &domain.holder {
            Holder::Team(team) => Some(team),
            Holder::Role(role) => self.roles.get(role).map(|role| &role.team),
        }
    }

    /// The governance domain of `team`: held by the team and carrying the keyword `governance`.
    pub fn governance_domain(&self, team: &TeamId) -> Option<&Domain> {
        let keyword = Keyword::parse(GOVERNANCE_KEYWORD).ok()?;
        self.domains_with_keyword(&keyword)
            .iter()
            .filter_map(|id| self.domains.get(id))
            .find(|domain| domain.holder == Holder::Team(team.clone()))
    }

    /// The people a party stands for in `domain` who are members at `at`, in id order.
    pub fn people_of(&self, party: &Party, domain: &Domain, at: Timestamp) -> Vec<PersonId> {
        let day = at.to_zoned(TimeZone::UTC).date();
        let candidates: Vec<&PersonId> = match party {
            Party::Holder => return self.people_of(&Party::from(&domain.holder), domain, at),
            Party::Person(person) => vec![person],
            Party::Role(role) => self.fillers.get(role).map(|fillers| fillers.iter().collect()).unwrap_or_default(),
            Party::Team(team) => self.members.get(team).map(|members| members.iter().collect()).unwrap_or_default(),
        };
        let mut present: Vec<PersonId> = candidates
            .into_iter()
            .filter(|id| self.people.get(*id).is_some_and(|person| person.is_member_on(day)))
            .cloned()
            .collect();
        present.sort();
        present.dedup();
        present
    }

    /// Delegations of `domain` in force at `at`.
    pub fn delegations_in_force(&self, domain: &DomainId, at: Timestamp) -> Vec<&Delegation> {
        self.delegations(domain).iter().filter(|delegation| delegation.is_in_force_at(at)).collect()
    }
}

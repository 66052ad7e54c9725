//! A whole organisation (or a batch of additions to one) as plain rows, and the checks that
//! make it consistent: unique keys, references that resolve, no cycles.

use std::collections::{BTreeMap, BTreeSet};

use crate::act::Act;
use crate::advice::AdviceTie;
use crate::decision::{Decision, Response};
use crate::domain::{Delegation, Domain, Party, Rule};
use crate::person::Person;
use crate::record::{Column, Entity, Record};
use crate::role::{Role, RoleFiller};
use crate::setting::Setting;
use crate::team::Team;

#[derive(Clone, Default, PartialEq, Debug)]
pub struct Dataset {
    pub settings: Vec<Setting>,
    pub teams: Vec<Team>,
    pub people: Vec<Person>,
    pub roles: Vec<Role>,
    pub fillers: Vec<RoleFiller>,
    pub domains: Vec<Domain>,
    pub rules: Vec<Rule>,
    pub delegations: Vec<Delegation>,
    pub decisions: Vec<Decision>,
    pub responses: Vec<Response>,
    pub acts: Vec<Act>,
    pub ties: Vec<AdviceTie>,
}

/// The columns of an entity's file and table.
pub fn columns(entity: Entity) -> &'static [Column] {
    match entity {
        Entity::Setting => Setting::COLUMNS,
        Entity::Team => Team::COLUMNS,
        Entity::Person => Person::COLUMNS,
        Entity::Role => Role::COLUMNS,
        Entity::RoleFiller => RoleFiller::COLUMNS,
        Entity::Domain => Domain::COLUMNS,
        Entity::Rule => Rule::COLUMNS,
        Entity::Delegation => Delegation::COLUMNS,
        Entity::Decision => Decision::COLUMNS,
        Entity::Response => Response::COLUMNS,
        Entity::Act => Act::COLUMNS,
        Entity::AdviceTie => AdviceTie::COLUMNS,
    }
}

/// Ids already stored, which a batch may refer to but must not repeat.
#[derive(Clone, Default, Debug)]
pub struct Known {
    pub ids: BTreeMap<Entity, BTreeSet<String>>,
}

impl Known {
    fn contains(&self, entity: Entity, id: &str) -> bool {
        self.ids.get(&entity).is_some_and(|ids| ids.contains(id))
    }
}

/// A consistency problem in row `index` (0-based, in file order) of `entity`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Problem {
    pub entity: Entity,
    pub index: usize,
    pub column: &'static str,
    pub reason: String,
}

/// Row counts per entity, in `Entity::ALL` order.
pub type Counts = Vec<(Entity, u64)>;

impl Dataset {
    pub fn counts(&self) -> Counts {
        let lengths = [
            self.settings.len(),
            self.teams.len(),
            self.people.len(),
            self.roles.len(),
            self.fillers.len(),
            self.domains.len(),
            self.rules.len(),
            self.delegations.len(),
            self.decisions.len(),
            self.responses.len(),
            self.acts.len(),
            self.ties.len(),
        ];
        Entity::ALL.iter().zip(lengths).map(|(entity, n)| (*entity, n as u64)).collect()
    }

    /// Every consistency problem, sorted by entity and row. Empty means the batch can be stored
    /// on top of `known`.
    pub fn check(&self, known: &Known) -> Vec<Problem> {
        let mut checker = Checker { known, problems: Vec::new(), ids: BTreeMap::new() };
        checker.collect_keys(&self.settings);
        checker.collect_keys(&self.teams);
        checker.collect_keys(&self.people);
        checker.collect_keys(&self.roles);
        checker.collect_keys(&self.fillers);
        checker.collect_keys(&self.domains);
        checker.collect_keys(&self.rules);
        checker.collect_keys(&self.delegations);
        checker.collect_keys(&self.decisions);
        checker.collect_keys(&self.responses);
        checker.collect_keys(&self.acts);
        checker.collect_keys(&self.ties);
        checker.check_references(self);
        checker.check_cycles(self);
        checker.problems.sort();
        checker.problems
    }
}

struct Checker<'a> {
    known: &'a Known,
    problems: Vec<Problem>,
    /// Keys in this batch, per entity.
    ids: BTreeMap<Entity, BTreeSet<String>>,
}

impl Checker<'_> {
    fn collect_keys<T: Record>(&mut self, rows: &[T]) {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (index, row) in rows.iter().enumerate() {
            let key = row.key();
            let column = T::KEY[0];
            if let Some(first) = seen.get(&key) {
                self.problem(
                    T::ENTITY,
                    index,
                    column,
                    format!("duplicate {} {key} (first on row {})", T::ENTITY.noun(), first + 1),
                );
            } else if self.known.contains(T::ENTITY, &key) {
                self.problem(
                    T::ENTITY,
                    index,
                    column,
                    format!("{} {key} already exists in the database", T::ENTITY.noun()),
                );
            } else {
                seen.insert(key, index);
            }
        }
        self.ids.insert(T::ENTITY, seen.into_keys().collect());
    }

    fn problem(&mut self, entity: Entity, index: usize, column: &'static str, reason: String) {
        self.problems.push(Problem { entity, index, column, reason });
    }

    fn exists(&self, entity: Entity, id: &str) -> bool {
        self.ids.get(&entity).is_some_and(|ids| ids.contains(id)) || self.known.contains(entity, id)
    }

    /// Records a problem when `id` names no `target`.
    fn reference(&mut self, (entity, index): (Entity, usize), column: &'static str, target: Entity, id: &str) {
        if !self.exists(target, id) {
            self.problem(entity, index, column, format!("unknown {} {id}", target.noun()));
        }
    }

    fn party(&mut self, at: (Entity, usize), column: &'static str, party: &Party) {
        match party {
            Party::Holder => {}
            Party::Person(id) => self.reference(at, column, Entity::Person, id.as_str()),
            Party::Role(id) => self.reference(at, column, Entity::Role, id.as_str()),
            Party::Team(id) => self.reference(at, column, Entity::Team, id.as_str()),
        }
    }

    fn check_references(&mut self, data: &Dataset) {
        use Entity as E;
        for (i, person) in data.people.iter().enumerate() {
            if let Some(superior) = &person.superior {
                self.reference((E::Person, i), "superior_id", E::Person, superior.as_str());
            }
            if let Some(team) = &person.team {
                self.reference((E::Person, i), "team_id", E::Team, team.as_str());
            }
        }
        for (i, team) in data.teams.iter().enumerate() {
            if let Some(parent) = &team.parent {
                self.reference((E::Team, i), "parent_id", E::Team, parent.as_str());
            }
        }
        for (i, role) in data.roles.iter().enumerate() {
            self.reference((E::Role, i), "team_id", E::Team, role.team.as_str());
        }
        for (i, filler) in data.fillers.iter().enumerate() {
            self.reference((E::RoleFiller, i), "role_id", E::Role, filler.role.as_str());
            self.reference((E::RoleFiller, i), "person_id", E::Person, filler.person.as_str());
        }
        for (i, domain) in data.domains.iter().enumerate() {
            let holder = Party::from(&domain.holder);
            self.party((E::Domain, i), "holder", &holder);
        }
        let mut positions = BTreeSet::new();
        for (i, rule) in data.rules.iter().enumerate() {
            let at = (E::Rule, i);
            self.reference(at, "domain_id", E::Domain, rule.domain.as_str());
            if !positions.insert((rule.domain.clone(), rule.position)) {
                self.problem(
                    E::Rule,
                    i,
                    "position",
                    format!("domain {} already has a rule at position {}", rule.domain, rule.position),
                );
            }
            self.party(at, "decider", &rule.decider);
            for party in &rule.consulted {
                self.party(at, "consulted", party);
            }
            for party in &rule.informed {
                self.party(at, "informed", party);
            }
            if let Some(party) = &rule.escalate_to {
                self.party(at, "escalate_to", party);
            }
        }
        for (i, delegation) in data.delegations.iter().enumerate() {
            let at = (E::Delegation, i);
            self.reference(at, "domain_id", E::Domain, delegation.domain.as_str());
            self.reference(at, "delegate_id", E::Person, delegation.delegate.as_str());
            if let Some(by) = &delegation.delegated_by {
                self.reference(at, "delegated_by_id", E::Person, by.as_str());
            }
        }
        for (i, decision) in data.decisions.iter().enumerate() {
            let at = (E::Decision, i);
            self.reference(at, "domain_id", E::Domain, decision.domain.as_str());
            self.reference(at, "proposer_id", E::Person, decision.proposer.as_str());
            if let Some(decider) = &decision.decider {
                self.reference(at, "decider_id", E::Person, decider.as_str());
            }
            if let Some(scope) = &decision.scope {
                self.reference(at, "scope_team_id", E::Team, scope.as_str());
            }
        }
        for (i, response) in data.responses.iter().enumerate() {
            let at = (E::Response, i);
            self.reference(at, "decision_id", E::Decision, response.decision.as_str());
            self.reference(at, "person_id", E::Person, response.person.as_str());
        }
        for (i, act) in data.acts.iter().enumerate() {
            let at = (E::Act, i);
            self.reference(at, "actor_id", E::Person, act.actor.as_str());
            for person in &act.co_actors {
                self.reference(at, "co_actor_ids", E::Person, person.as_str());
            }
            for person in &act.targets {
                self.reference(at, "target_ids", E::Person, person.as_str());
            }
            if let Some(person) = &act.initiator {
                self.reference(at, "initiator_id", E::Person, person.as_str());
            }
            if let Some(domain) = &act.domain {
                self.reference(at, "domain_id", E::Domain, domain.as_str());
            }
            if let Some(team) = &act.team {
                self.reference(at, "team_id", E::Team, team.as_str());
            }
            if let Some(decision) = &act.decision {
                self.reference(at, "decision_id", E::Decision, decision.as_str());
            }
        }
        for (i, tie) in data.ties.iter().enumerate() {
            self.reference((E::AdviceTie, i), "seeker_id", E::Person, tie.seeker.as_str());
            self.reference((E::AdviceTie, i), "source_id", E::Person, tie.source.as_str());
        }
    }

    /// Team nesting and reporting lines must be trees. Stored rows cannot be re-parented by a
    /// batch, so only cycles among the batch's own rows are possible.
    fn check_cycles(&mut self, data: &Dataset) {
        let parents: Vec<(&str, Option<&str>)> =
            data.teams.iter().map(|team| (team.id.as_str(), team.parent.as_ref().map(|p| p.as_str()))).collect();
        for index in rows_on_cycles(&parents) {
            self.problem(
                Entity::Team,
                index,
                "parent_id",
                format!("cycle in team nesting through team {}", parents[index].0),
            );
        }
        let superiors: Vec<(&str, Option<&str>)> = data
            .people
            .iter()
            .map(|person| (person.id.as_str(), person.superior.as_ref().map(|p| p.as_str())))
            .collect();
        for index in rows_on_cycles(&superiors) {
            self.problem(
                Entity::Person,
                index,
                "superior_id",
                format!("cycle in reporting lines through person {}", superiors[index].0),
            );
        }
    }
}

/// The rows (by index) whose parent chain returns to themselves.
fn rows_on_cycles(parents: &[(&str, Option<&str>)]) -> Vec<usize> {
    let index_of: BTreeMap<&str, usize> = parents.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    // 0 = unvisited, 1 = on the current path, 2 = done
    let mut state = vec![0u8; parents.len()];
    let mut on_cycle = Vec::new();
    for start in 0..parents.len() {
        let mut path = Vec::new();
        let mut current = Some(start);
        while let Some(row) = current {
            match state[row] {
                2 => break,
                1 => {
                    let from = path.iter().position(|r| *r == row).unwrap_or(0);
                    on_cycle.extend_from_slice(&path[from..]);
                    break;
                }
                _ => {
                    state[row] = 1;
                    path.push(row);
                    current = parents[row].1.and_then(|parent| index_of.get(parent).copied());
                }
            }
        }
        for row in path {
            state[row] = 2;
        }
    }
    on_cycle.sort_unstable();
    on_cycle
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Value;

    fn team(id: &str, parent: Option<&str>) -> Team {
        Team::from_values(&[
            Value::Text(id.into()),
            Value::Text(format!("Team {id}")),
            Value::Null,
            parent.map_or(Value::Null, |p| Value::Text(p.into())),
        ])
        .unwrap()
    }

    #[test]
    fn finds_duplicates_unknown_references_and_cycles() {
        let data = Dataset {
            teams: vec![team("a", Some("b")), team("b", Some("a")), team("c", Some("zz")), team("c", None)],
            ..Dataset::default()
        };
        let problems: Vec<String> = data
            .check(&Known::default())
            .iter()
            .map(|p| format!("{} {} {} {}", p.entity, p.index, p.column, p.reason))
            .collect();
        assert_eq!(
            problems,
            [
                "teams 0 parent_id cycle in team nesting through team a",
                "teams 1 parent_id cycle in team nesting through team b",
                "teams 2 parent_id unknown team zz",
                "teams 3 id duplicate team c (first on row 3)",
            ]
        );
    }

    #[test]
    fn references_may_point_at_known_rows_but_keys_may_not_repeat_them() {
        let mut known = Known::default();
        known.ids.insert(Entity::Team, ["root".to_owned()].into());
        let data = Dataset { teams: vec![team("x", Some("root")), team("root", None)], ..Dataset::default() };
        let problems = data.check(&known);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].reason, "team root already exists in the database");
    }
}

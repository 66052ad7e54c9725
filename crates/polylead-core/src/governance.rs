//! Governance changes: new or edited teams, roles, role fillers, domains, rules and
//! delegations, proposed as one batch (CSV files, as for an import) and decided in the
//! governance domain of the team they concern — by consent, unless the organisation's
//! `governance` setting is `direct`. An adopted change is applied all at once.

use std::collections::BTreeMap;

use crate::csv_file::{FileProblem, read_rows};
use crate::dataset::{Dataset, Known};
use crate::error::ValidationError;
use crate::ids::TeamId;
use crate::record::{Entity, Record};
use crate::rights::Organisation;

/// The setting that says how structure changes are made.
pub const GOVERNANCE_SETTING: &str = "governance";

/// How structure changes are made (the `governance` setting).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Through a decision in the team's governance domain (the default).
    Decision,
    /// Applied at once by whoever makes them, and recorded in the history.
    Direct,
}

impl Mode {
    pub fn of(organisation: &Organisation) -> Mode {
        match organisation.setting(GOVERNANCE_SETTING) {
            Some("direct") => Mode::Direct,
            _ => Mode::Decision,
        }
    }
}

/// A checked change: the rows to create or replace.
#[derive(Clone, PartialEq, Debug)]
pub struct Change {
    pub rows: Dataset,
}

/// Reads a change from CSV files (file name → contents, as for `polylead import`) and checks
/// it against the current structure: only structure files, every row valid, and the
/// structure after the change consistent (references resolve, no cycles).
pub fn read_change(files: &BTreeMap<String, Vec<u8>>, current: &Dataset) -> Result<Change, Vec<FileProblem>> {
    let allowed = [Entity::Team, Entity::Role, Entity::RoleFiller, Entity::Domain, Entity::Rule, Entity::Delegation];
    let mut problems: Vec<FileProblem> = files
        .keys()
        .filter(|name| !allowed.iter().any(|entity| &entity.file_name() == *name))
        .map(|name| {
            let names: Vec<String> = allowed.iter().map(|entity| entity.file_name()).collect();
            FileProblem::file(name, format!("is not part of a governance change; it may hold {}", names.join(", ")))
        })
        .collect();
    if files.is_empty() {
        problems.push(FileProblem::file("(change)", "is empty; give at least one row to create or replace"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let rows = read_rows_of(files)?;
    let after = apply(current, &rows);
    let problems: Vec<FileProblem> = after
        .check(&Known::default())
        .into_iter()
        .map(|problem| FileProblem {
            file: problem.entity.file_name(),
            line: 0,
            column: Some(problem.column.to_owned()),
            reason: format!("after the change, {}: {}", problem.column, problem.reason),
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Change { rows })
}

/// Every file's rows, each checked on its own (references are checked on the result).
fn read_rows_of(files: &BTreeMap<String, Vec<u8>>) -> Result<Dataset, Vec<FileProblem>> {
    fn load<T: Record>(files: &BTreeMap<String, Vec<u8>>, problems: &mut Vec<FileProblem>) -> Vec<T> {
        let Some(bytes) = files.get(&T::ENTITY.file_name()) else { return Vec::new() };
        match read_rows::<T>(&T::ENTITY.file_name(), bytes) {
            Ok(rows) => rows.rows,
            Err(found) => {
                problems.extend(found);
                Vec::new()
            }
        }
    }
    let mut problems = Vec::new();
    let rows = Dataset {
        teams: load(files, &mut problems),
        roles: load(files, &mut problems),
        fillers: load(files, &mut problems),
        domains: load(files, &mut problems),
        rules: load(files, &mut problems),
        delegations: load(files, &mut problems),
        ..Dataset::default()
    };
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

/// The structure with the change's rows created, or replacing the rows with the same key.
pub fn apply(current: &Dataset, change: &Dataset) -> Dataset {
    fn merge<T: Record + Clone>(current: &[T], change: &[T]) -> Vec<T> {
        let mut rows: BTreeMap<String, T> = current.iter().map(|row| (row.key(), row.clone())).collect();
        rows.extend(change.iter().map(|row| (row.key(), row.clone())));
        rows.into_values().collect()
    }
    Dataset {
        settings: current.settings.clone(),
        teams: merge(&current.teams, &change.teams),
        people: current.people.clone(),
        roles: merge(&current.roles, &change.roles),
        fillers: merge(&current.fillers, &change.fillers),
        domains: merge(&current.domains, &change.domains),
        rules: merge(&current.rules, &change.rules),
        delegations: merge(&current.delegations, &change.delegations),
        ..Dataset::default()
    }
}

/// The team whose governance domain decides the change: the team the change's rows belong
/// to (a new team belongs to its parent). All rows must concern the same team.
pub fn team_of(change: &Change, organisation: &Organisation, after: &Dataset) -> Result<TeamId, ValidationError> {
    let after_org = Organisation::new(after);
    let mut teams: Vec<TeamId> = Vec::new();
    let rows = &change.rows;
    for team in &rows.teams {
        let existing = organisation.team(&team.id).is_some();
        match (&team.parent, existing) {
            (_, true) => teams.push(team.id.clone()),
            (Some(parent), false) => teams.push(parent.clone()),
            (None, false) => {
                return Err(ValidationError::new(format!(
                    "team {} would be a new top-level team; that is an administrator's change, not a team's",
                    team.id
                )));
            }
        }
    }
    teams.extend(rows.roles.iter().map(|role| role.team.clone()));
    for filler in &rows.fillers {
        teams.extend(after_org.role(&filler.role).map(|role| role.team.clone()));
    }
    for domain in &rows.domains {
        teams.extend(after_org.team_of(domain).cloned());
    }
    for rule in &rows.rules {
        teams.extend(after_org.domain(&rule.domain).and_then(|domain| after_org.team_of(domain)).cloned());
    }
    for delegation in &rows.delegations {
        teams.extend(after_org.domain(&delegation.domain).and_then(|domain| after_org.team_of(domain)).cloned());
    }
    teams.sort();
    teams.dedup();
    match teams.as_slice() {
        [team] => Ok(team.clone()),
        [] => Err(ValidationError::new("the change concerns no team")),
        several => {
            let names: Vec<&str> = several.iter().map(TeamId::as_str).collect();
            Err(ValidationError::new(format!(
                "the change concerns several teams ({}); propose one change per team",
                names.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::tests::ward;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs.iter().map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec())).collect()
    }

    #[test]
    fn a_new_role_in_ward_3_is_decided_in_ward_3() {
        let current = ward();
        let organisation = Organisation::new(&current);
        let change = read_change(
            &files(&[
                ("roles.csv", "id,team_id,name\nfacilitator,ward3,Facilitator\n"),
                ("role_fillers.csv", "role_id,person_id\nfacilitator,cleo\n"),
            ]),
            &current,
        )
        .unwrap();
        let after = apply(&current, &change.rows);
        assert_eq!(team_of(&change, &organisation, &after).unwrap().as_str(), "ward3");
        assert_eq!(after.roles.len(), current.roles.len() + 1);
    }

    #[test]
    fn editing_a_rule_replaces_it() {
        let current = ward();
        let change = read_change(
            &files(&[(
                "domain_rules.csv",
                "id,domain_id,position,condition,decider,process\nrota-1,rota,1,always,holder,consent\n",
            )]),
            &current,
        )
        .unwrap();
        let after = apply(&current, &change.rows);
        assert_eq!(after.rules.len(), current.rules.len());
        let rota = after.rules.iter().find(|rule| rule.id.as_str() == "rota-1").unwrap();
        assert_eq!(rota.process.as_str(), "consent");
    }

    #[test]
    fn a_change_that_breaks_the_structure_is_refused_with_reasons() {
        let current = ward();
        let broken = read_change(&files(&[("roles.csv", "id,team_id,name\nx,ward9,X\n")]), &current).unwrap_err();
        assert_eq!(broken[0].file, "roles.csv");
        assert_eq!(broken[0].to_string(), "roles.csv: after the change, team_id: unknown team ward9");
        let people = read_change(&files(&[("people.csv", "id,name\nzed,Zed\n")]), &current).unwrap_err();
        assert!(people[0].reason.contains("is not part of a governance change"));
        let organisation = Organisation::new(&current);
        let two = read_change(&files(&[("roles.csv", "id,team_id,name\na,ward3,A\nb,hr,B\n")]), &current).unwrap();
        let error = team_of(&two, &organisation, &apply(&current, &two.rows)).unwrap_err();
        assert_eq!(error.reason, "the change concerns several teams (hr, ward3); propose one change per team");
    }
}

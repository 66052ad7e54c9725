//! The RACI view of the decision rights: for every rule of every domain (of a team, or of the
//! whole organisation), who is Responsible for deciding, who is Accountable (the domain's
//! holder), who is Consulted and who is Informed — as named people on a given day.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use crate::domain::{Domain, Party, Rule};
use crate::ids::{PersonId, TeamId};
use crate::rights::Organisation;

/// One rule of one domain, with its people.
#[derive(Clone, PartialEq, Debug)]
pub struct RaciRow {
    pub domain: Domain,
    pub rule: Rule,
    /// Who decides under this rule.
    pub responsible: Vec<PersonId>,
    /// Who holds the domain.
    pub accountable: Vec<PersonId>,
    pub consulted: Vec<PersonId>,
    pub informed: Vec<PersonId>,
}

/// The RACI rows of the domains belonging to `team` (nested teams included) or, with `None`,
/// of every domain; in domain id and rule order. Domains without rules appear with none.
pub fn raci(organisation: &Organisation, team: Option<&TeamId>, at: Timestamp) -> Vec<RaciRow> {
    let mut rows = Vec::new();
    for domain in organisation.domains() {
        let belongs = match (team, organisation.team_of(domain)) {
            (None, _) => true,
            (Some(team), Some(owner)) => organisation.within(owner, team),
            (Some(_), None) => false,
        };
        if belongs {
            rows.extend(raci_of_domain(organisation, domain, at));
        }
    }
    rows
}

/// The RACI rows of one domain, in rule order (none when it has no rules).
pub fn raci_of_domain(organisation: &Organisation, domain: &Domain, at: Timestamp) -> Vec<RaciRow> {
    let people = |parties: &[Party]| -> Vec<PersonId> {
        let set: BTreeSet<PersonId> =
            parties.iter().flat_map(|party| organisation.people_of(party, domain, at)).collect();
        set.into_iter().collect()
    };
    organisation
        .rules(&domain.id)
        .iter()
        .map(|rule| RaciRow {
            domain: domain.clone(),
            rule: rule.clone(),
            responsible: people(std::slice::from_ref(&rule.decider)),
            accountable: people(&[Party::Holder]),
            consulted: people(&rule.consulted),
            informed: people(&rule.informed),
        })
        .collect()
}

/// The letters each person has in a row, e.g. `A/R`, in R, A, C, I order.
pub fn letters(row: &RaciRow) -> BTreeMap<PersonId, String> {
    let mut letters: BTreeMap<PersonId, String> = BTreeMap::new();
    for (letter, people) in
        [("R", &row.responsible), ("A", &row.accountable), ("C", &row.consulted), ("I", &row.informed)]
    {
        for person in people {
            let cell = letters.entry(person.clone()).or_default();
            if !cell.is_empty() {
                cell.push('/');
            }
            cell.push_str(letter);
        }
    }
    letters
}

/// The rows as CSV, one line per rule; people as `Name (id)` separated by `; `.
pub fn to_csv(rows: &[RaciRow], organisation: &Organisation) -> String {
    let mut out = String::from(
        "domain_id,domain,rule_id,position,condition,process,responsible,accountable,consulted,informed\n",
    );
    for row in rows {
        let fields = [
            row.domain.id.to_string(),
            row.domain.name.to_string(),
            row.rule.id.to_string(),
            row.rule.position.to_string(),
            row.rule.condition.to_string(),
            row.rule.process.as_str().to_owned(),
            names(&row.responsible, organisation),
            names(&row.accountable, organisation),
            names(&row.consulted, organisation),
            names(&row.informed, organisation),
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The rows as a Markdown matrix: a line per rule, a column per person involved, cells R, A, C, I.
pub fn to_markdown(rows: &[RaciRow], organisation: &Organisation, title: &str) -> String {
    let people: BTreeSet<&PersonId> = rows
        .iter()
        .flat_map(|row| row.responsible.iter().chain(&row.accountable).chain(&row.consulted).chain(&row.informed))
        .collect();
    let name = |id: &PersonId| organisation.person(id).map_or_else(|| id.to_string(), |p| p.name.to_string());
    let mut out = format!("# RACI: {}\n\n", markdown_cell(title));
    out.push_str("R = decides, A = holds the domain, C = consulted, I = informed.\n\n");
    out.push_str("| Domain | Rule | Process |");
    for person in &people {
        out.push_str(&format!(" {} |", markdown_cell(&name(person))));
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(people.len()));
    out.push('\n');
    for row in rows {
        let letters = letters(row);
        out.push_str(&format!(
            "| {} | {} (`{}`) | {} |",
            markdown_cell(row.domain.name.as_str()),
            row.rule.id,
            markdown_cell(&row.rule.condition.to_string()),
            row.rule.process.as_str()
        ));
        for person in &people {
            out.push_str(&format!(" {} |", letters.get(*person).map_or("", String::as_str)));
        }
        out.push('\n');
    }
    out
}

fn names(people: &[PersonId], organisation: &Organisation) -> String {
    let named: Vec<String> = people
        .iter()
        .map(|id| match organisation.person(id) {
            Some(person) => format!("{} ({id})", person.name.as_str()),
            None => id.to_string(),
        })
        .collect();
    named.join("; ")
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::tests::{at, person, ward};

    #[test]
    fn ward_3s_raci_names_people_for_every_rule() {
        let organisation = Organisation::new(&ward());
        let ward3 = TeamId::parse("ward3").unwrap();
        let rows = raci(&organisation, Some(&ward3), at("2026-02-01T00:00:00Z"));
        let keys: Vec<&str> = rows.iter().map(|row| row.rule.id.as_str()).collect();
        assert_eq!(keys, ["budget-small", "budget-mid", "budget-big", "gov-1", "rota-1"]);
        let rota = rows.iter().find(|row| row.rule.id.as_str() == "rota-1").unwrap();
        assert_eq!(rota.responsible, [person("ana")]);
        assert_eq!(rota.consulted, [person("ana"), person("ben"), person("cleo")]);
        let letters = letters(rota);
        assert_eq!(letters[&person("ana")], "R/A/C");
        assert_eq!(letters[&person("dita")], "I");
        // The whole organisation adds the hiring domain, held in the People team.
        assert_eq!(raci(&organisation, None, at("2026-02-01T00:00:00Z")).len(), 6);

        let csv = to_csv(&rows, &organisation);
        let rota_line = csv.lines().find(|line| line.starts_with("rota,")).unwrap();
        assert_eq!(
            rota_line,
            "rota,Night-shift rota,rota-1,1,always,advice,Ana (ana),Ana (ana),Ana (ana); Ben (ben); Cleo (cleo),Dita (dita)"
        );
        let markdown = to_markdown(&rows, &organisation, "Ward 3");
        assert!(markdown.contains("| Domain | Rule | Process | Ana | Ben | Cleo | Dita |"), "{markdown}");
        assert!(
            markdown.contains("| Night-shift rota | rota-1 (`always`) | advice | R/A/C | C | C | I |"),
            "{markdown}"
        );
    }
}

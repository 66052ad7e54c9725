//! A small care organisation, written as the CSV files a user would import, and stories about
//! who decides in it.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::condition::Attributes;
use crate::csv_file::read_dataset;
use crate::dataset::{Dataset, Known};
use crate::ids::{DomainId, PersonId, TeamId};
use crate::rights::resolve::{Finding, Verdict, Via};
use crate::rights::{Answer, Organisation, Question, resolve};
use crate::text::Keyword;

/// Ward 3 inside the care region (`fixtures/ward/`): Ana coordinates the rota, Ben and Cleo
/// are nurses, Dita leads the region, Eli left last year, Finn is in HR.
pub(crate) fn ward() -> Dataset {
    macro_rules! files {
        ($($name:literal),*) => {
            [$(($name, include_str!(concat!("../../../../fixtures/ward/", $name)))),*]
        };
    }
    let files: BTreeMap<String, Vec<u8>> = files!(
        "teams.csv",
        "people.csv",
        "roles.csv",
        "role_fillers.csv",
        "domains.csv",
        "domain_rules.csv",
        "delegations.csv"
    )
    .into_iter()
    .map(|(name, text)| (name.to_owned(), text.as_bytes().to_vec()))
    .collect();
    let data = read_dataset(&files, &Known::default()).unwrap();
    assert_eq!(data.check(&Known::default()), vec![]);
    data
}

pub(crate) fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

pub(crate) fn person(id: &str) -> PersonId {
    PersonId::parse(id).unwrap()
}

fn ask(domain: &str, amount: Option<f64>, scope: Option<&str>, tags: &[&str], when: &str) -> Answer {
    let organisation = Organisation::new(&ward());
    let question = Question {
        domain: DomainId::parse(domain).unwrap(),
        attributes: Attributes {
            amount,
            scope: scope.map(|team| TeamId::parse(team).unwrap()),
            tags: tags.iter().map(|tag| Keyword::parse(tag).unwrap()).collect(),
        },
        asker: Some(person("cleo")),
        at: at(when),
    };
    resolve(&organisation, &question).unwrap()
}

fn ids(people: impl IntoIterator<Item = PersonId>) -> Vec<String> {
    people.into_iter().map(|person| person.to_string()).collect()
}

#[test]
fn the_rota_is_decided_by_its_coordinator_after_asking_the_ward() {
    let answer = ask("rota", None, None, &[], "2026-02-01T09:00:00Z");
    assert_eq!(answer.rule.as_ref().map(|rule| rule.as_str()), Some("rota-1"));
    assert_eq!(ids(answer.deciders.iter().map(|d| d.person.clone())), ["ana"]);
    // Cleo asks, so she is not her own advisor; Eli has left; Ana decides.
    assert_eq!(ids(answer.advisors.iter().map(|a| a.person.clone())), ["ben"]);
    assert_eq!(ids(answer.informed.clone()), ["dita"]);
    assert_eq!(answer.deadline, Some(at("2026-02-03T09:00:00Z")));
    assert_eq!(answer.escalation.as_ref().map(|e| ids(e.people.clone())), Some(vec!["dita".to_owned()]));
    assert_eq!(answer.asker_may_decide, Some(false));
    assert_eq!(answer.findings, vec![]);
}

#[test]
fn amounts_choose_different_rules_and_the_explanation_says_why() {
    let small = ask("budget", Some(200.0), Some("ward3"), &[], "2026-02-01T09:00:00Z");
    assert_eq!(small.rule.as_ref().map(|rule| rule.as_str()), Some("budget-small"));
    assert_eq!(small.process.map(|p| p.as_str()), Some("autonomous"));
    // A team holds the budget: every current member of Ward 3 may decide, Cleo too.
    assert_eq!(ids(small.deciders.iter().map(|d| d.person.clone())), ["ana", "ben", "cleo"]);
    assert_eq!(small.asker_may_decide, Some(true));

    let mid = ask("budget", Some(800.0), Some("ward3"), &[], "2026-02-01T09:00:00Z");
    assert_eq!(mid.rule.as_ref().map(|rule| rule.as_str()), Some("budget-mid"));
    assert_eq!(
        mid.explanation(),
        [
            "rule budget-small (position 1) does not apply: `amount <= 500` does not hold for amount 800",
            "rule budget-mid (position 2, `amount <= 5000 and scope within ward3`) applies",
            "rule budget-big (position 3) was not tried: an earlier rule applies",
        ]
    );

    let big = ask("budget", Some(9000.0), None, &[], "2026-02-01T09:00:00Z");
    assert_eq!(big.rule.as_ref().map(|rule| rule.as_str()), Some("budget-big"));
    assert_eq!(ids(big.deciders.iter().map(|d| d.person.clone())), ["dita"]);
    assert_eq!(big.findings, vec![Finding::NoEscalationPath]);
}

#[test]
fn a_gap_in_the_rules_is_a_finding_not_a_guess() {
    let answer = ask("budget", None, None, &[], "2026-02-01T09:00:00Z");
    assert_eq!(answer.rule, None);
    assert_eq!(answer.deciders, vec![]);
    assert_eq!(answer.findings, vec![Finding::NoRuleMatches]);
    assert!(matches!(&answer.checks[1].verdict, Verdict::Skipped(why) if why.contains("needs an amount")));

    let empty = ask("empty", None, None, &[], "2026-02-01T09:00:00Z");
    assert_eq!(empty.findings, vec![Finding::NoRules]);
}

#[test]
fn a_delegation_in_force_hands_the_right_and_expires() {
    let during = ask("rota", None, None, &[], "2026-03-10T09:00:00Z");
    assert_eq!(ids(during.deciders.iter().map(|d| d.person.clone())), ["ben"]);
    assert!(matches!(&during.deciders[0].via, Via::Delegation { by: Some(by), .. } if by.as_str() == "ana"));
    // Ana, who delegated, is now an advisor like the rest of the ward.
    assert_eq!(ids(during.advisors.iter().map(|a| a.person.clone())), ["ana"]);

    let after = ask("rota", None, None, &[], "2026-03-15T00:00:00Z");
    assert_eq!(ids(after.deciders.iter().map(|d| d.person.clone())), ["ana"]);
}

#[test]
fn tags_bring_in_the_holders_of_the_domains_they_touch() {
    let answer = ask("budget", Some(300.0), Some("ward3"), &["hiring"], "2026-02-01T09:00:00Z");
    let finn = answer.advisors.iter().find(|advisor| advisor.person.as_str() == "finn").unwrap();
    assert_eq!(finn.reasons, ["holds the domain hiring (Hiring), which the tag hiring touches"]);
}

#[test]
fn findings_name_vacant_parties_and_scopes_outside_the_domain() {
    let answer = ask("budget", Some(300.0), Some("hr"), &[], "2026-02-01T09:00:00Z");
    assert_eq!(answer.findings, vec![Finding::ScopeOutsideDomain]);
}

#[test]
fn bad_questions_are_refused_with_a_reason() {
    let organisation = Organisation::new(&ward());
    let mut question = Question {
        domain: DomainId::parse("nope").unwrap(),
        attributes: Attributes::default(),
        asker: None,
        at: at("2026-02-01T09:00:00Z"),
    };
    assert_eq!(resolve(&organisation, &question).unwrap_err().reason, "there is no domain nope");
    question.domain = DomainId::parse("budget").unwrap();
    question.attributes.amount = Some(-1.0);
    assert_eq!(resolve(&organisation, &question).unwrap_err().reason, "amount -1 must be a number of zero or more");
    question.attributes.amount = None;
    question.attributes.scope = Some(TeamId::parse("ward9").unwrap());
    assert_eq!(resolve(&organisation, &question).unwrap_err().reason, "there is no team ward9 (the scope)");
}

#[test]
fn the_governance_domain_of_a_team_is_found_by_its_keyword() {
    let organisation = Organisation::new(&ward());
    let ward3 = TeamId::parse("ward3").unwrap();
    assert_eq!(organisation.governance_domain(&ward3).map(|d| d.id.as_str()), Some("gov-ward3"));
    assert!(organisation.governance_domain(&TeamId::parse("hr").unwrap()).is_none());
}

#[test]
fn the_demo_organisations_own_domains_resolve_sensibly() {
    use crate::demo::{DemoSpec, Profile, generate};
    for profile in [Profile::Care, Profile::School, Profile::Lattice] {
        let until = at("2026-06-01T00:00:00Z");
        let data = generate(&DemoSpec { profile, people: 300, seed: 7, until }).unwrap();
        let organisation = Organisation::new(&data);
        let mut amounts_choose_rules = 0;
        for domain in &data.domains {
            let scope = organisation.team_of(domain).cloned();
            let ask = |amount: Option<f64>| {
                let attributes = Attributes { amount, scope: scope.clone(), tags: Vec::new() };
                let question = Question { domain: domain.id.clone(), attributes, asker: None, at: until };
                resolve(&organisation, &question).unwrap()
            };
            let (small, large) = (ask(Some(100.0)), ask(Some(1_000_000.0)));
            for answer in [&small, &large] {
                // Every demo decision has a rule and someone present to take it, and the
                // explanation covers every rule.
                assert!(answer.rule.is_some(), "{profile:?} {}: {:?}", domain.id, answer.findings);
                assert!(!answer.deciders.is_empty(), "{profile:?} {}: {:?}", domain.id, answer.findings);
                assert_eq!(answer.checks.len(), organisation.rules(&domain.id).len());
                assert!(answer.advisors.iter().all(|advisor| !answer.may_decide(&advisor.person)));
            }
            if small.rule != large.rule {
                amounts_choose_rules += 1;
            }
        }
        assert!(amounts_choose_rules > 0, "{profile:?}: no domain has amount thresholds");
    }
}

#[test]
fn a_tag_naming_many_distant_domains_is_a_finding_not_a_crowd_of_advisors() {
    let mut data = ward();
    let template = data.domains.iter().find(|d| d.id.as_str() == "hiring").unwrap().clone();
    for n in 0..4 {
        let mut audit = template.clone();
        audit.id = DomainId::parse(&format!("audit{n}")).unwrap();
        audit.keywords = vec![Keyword::parse("audit").unwrap()];
        data.domains.push(audit);
    }
    let organisation = Organisation::new(&data);
    let question = |tag: &str| Question {
        domain: DomainId::parse("budget").unwrap(),
        attributes: Attributes {
            amount: Some(9000.0),
            scope: Some(TeamId::parse("ward3").unwrap()),
            tags: vec![Keyword::parse(tag).unwrap()],
        },
        asker: None,
        at: at("2026-02-01T09:00:00Z"),
    };
    let broad = resolve(&organisation, &question("audit")).unwrap();
    assert_eq!(
        broad.findings,
        vec![Finding::NoEscalationPath, Finding::TagTooBroad { tag: Keyword::parse("audit").unwrap(), domains: 4 }]
    );
    assert!(broad.advisors.iter().all(|advisor| advisor.reasons.iter().all(|reason| !reason.contains("audit"))));
    // A tag naming a domain in the decision's own line of teams brings in its holders: the
    // ward's rota domain, for a budget decision in the ward.
    let near = resolve(&organisation, &question("rota")).unwrap();
    assert_eq!(near.findings, vec![Finding::NoEscalationPath]);
    let ana = near.advisors.iter().find(|advisor| advisor.person.as_str() == "ana").unwrap();
    assert!(ana.reasons.iter().any(|reason| reason.starts_with("holds the domain rota")), "{:?}", ana.reasons);
}

use std::collections::BTreeMap;

use super::*;
use crate::advice::{AdviceTie, TieOrigin};
use crate::analytics::latency::tests::decision;
use crate::network_study::{StudyMapping, read_study};
use crate::rights::tests::{at, person, ward};

const WHEN: &str = "2026-02-01T09:00:00Z";

fn ids<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!((actual - expected).abs() < 5e-5, "{actual} != {expected}");
}

#[test]
fn ana_leaving_orphans_the_rota_role_and_the_rota_domain() {
    let impact = leave(&ward(), &[person("ana")], at(WHEN)).unwrap();
    assert_eq!(ids(&impact.orphaned_roles), ["rota"]);
    assert_eq!(
        impact.orphaned_domains,
        [OrphanedDomain {
            domain: "rota".parse().unwrap(),
            team: Some("ward3".parse().unwrap()),
            holder_vacant: true,
            rules: vec!["rota-1".parse().unwrap()],
        }]
    );
    // Dita still takes escalations; Ben and Cleo still hold the budget.
    // The fixture has no ties: fragmentation is about missing ties, not 1.
    assert_eq!(impact.fragmentation.before, Err(crate::metric::Undefined::NoTies));
    assert_eq!(impact.vacant_escalations, []);
    let teams: Vec<(String, Vec<String>, Vec<String>)> =
        impact.teams_affected.iter().map(|t| (t.team.to_string(), ids(&t.leaving), ids(&t.orphaned_domains))).collect();
    assert_eq!(teams, [("ward3".to_owned(), vec!["ana".to_owned()], vec!["rota".to_owned()])]);
}

#[test]
fn dita_leaving_leaves_escalations_and_pending_decisions_vacant() {
    let mut data = ward();
    let mut escalated = decision("d1", "rota", 0, None);
    escalated.status = DecisionStatus::Escalated;
    let mut open = decision("d2", "rota", 0, None);
    open.status = DecisionStatus::Open;
    data.decisions = vec![escalated, open];
    let impact = leave(&data, &[person("dita")], at(WHEN)).unwrap();
    let vacant: Vec<String> = impact.vacant_escalations.iter().map(|v| v.rule.to_string()).collect();
    assert_eq!(vacant, ["rota-1", "budget-mid", "gov-1"]);
    assert!(impact.vacant_escalations.iter().all(|v| v.party.to_string() == "role:lead"));
    // budget-big is decided by role:lead: the budget's big spending has nobody.
    let budget = impact.orphaned_domains.iter().find(|d| d.domain.as_str() == "budget").unwrap();
    assert_eq!((budget.holder_vacant, ids(&budget.rules)), (false, vec!["budget-big".to_owned()]));
    assert_eq!(ids(&impact.orphaned_roles), ["lead"]);
    // The escalated rota decision waited on Dita; the open one still has Ana.
    assert_eq!(impact.stranded_decisions.len(), 1);
    let stranded = &impact.stranded_decisions[0];
    assert_eq!((stranded.decision.as_str(), ids(&stranded.before)), ("d1", vec!["dita".to_owned()]));
    assert!(stranded.findings.contains(&"vacant_party".to_owned()), "{:?}", stranded.findings);
}

#[test]
fn unknown_people_and_empty_lists_are_refused() {
    let error = leave(&ward(), &[person("zed")], at(WHEN)).unwrap_err();
    assert!(error.reason.contains("zed"), "{}", error.reason);
    assert!(leave(&ward(), &[], at(WHEN)).is_err());
    assert!(key_players(&ward(), 0, at(WHEN)).is_err());
    assert!(key_players(&ward(), 4, at(WHEN)).is_err());
    let error = move_domain(&ward(), &"rota".parse().unwrap(), &"nope".parse().unwrap(), at(WHEN)).unwrap_err();
    assert!(error.reason.contains("nope"), "{}", error.reason);
}

#[test]
fn moving_the_rota_to_the_lead_hands_its_rule_to_dita() {
    let mut data = ward();
    data.decisions = vec![decision("d2", "rota", 0, None)];
    let impact = move_domain(&data, &"rota".parse().unwrap(), &"lead".parse().unwrap(), at(WHEN)).unwrap();
    assert_eq!(impact.holder.after.to_string(), "role:lead");
    assert_eq!(impact.team, Change { before: Some("ward3".parse().unwrap()), after: Some("region".parse().unwrap()) });
    assert_eq!(impact.rules.len(), 1);
    assert_eq!(
        (ids(&impact.rules[0].people.before), ids(&impact.rules[0].people.after)),
        (vec!["ana".to_owned()], vec!["dita".to_owned()])
    );
    assert_eq!(impact.accountable, Change { before: vec![person("ana")], after: vec![person("dita")] });
    assert_eq!(impact.pending.len(), 1);
    assert_eq!(impact.pending[0].deciders.after, [person("dita")]);
}

fn krackhardt() -> Dataset {
    macro_rules! files {
        ($($name:literal),*) => {
            [$(($name, &include_bytes!(concat!("../../../../fixtures/krackhardt-hightech/", $name))[..])),*]
        };
    }
    let files: BTreeMap<String, Vec<u8>> =
        files!("people.csv", "advice.csv").into_iter().map(|(name, bytes)| (name.to_owned(), bytes.to_vec())).collect();
    let mapping = StudyMapping {
        id_prefix: String::new(),
        level_column: Some("level".into()),
        superior_column: Some("reports_to".into()),
        team_column: Some("department".into()),
        wave: None,
    };
    read_study(&files, &mapping).unwrap_or_else(|_| panic!("the study reads")).data
}

#[test]
fn the_ceo_leaving_fragments_krackhardts_reports_to_network() {
    let mut data = krackhardt();
    data.ties = data
        .people
        .iter()
        .filter_map(|p| {
            Some(AdviceTie {
                id: format!("r{}", p.id).parse().unwrap(),
                seeker: p.id.clone(),
                source: p.superior.clone()?,
                subject: None,
                frequency: None,
                influence: None,
                origin: TieOrigin::Survey,
                wave: None,
            })
        })
        .collect();
    let when = at(WHEN);
    let ceo = leave(&data, &[person("7")], when).unwrap();
    assert_eq!(ceo.fragmentation.before, Ok(0.0));
    close(ceo.fragmentation.delta(), 0.7526);
    close(ceo.distance_fragmentation.before.as_ref().ok().map(|e| e.value), 0.5964);
    let pair = leave(&data, &[person("7"), person("14")], when).unwrap();
    close(pair.fragmentation.after.ok(), 0.8889);
}

#[test]
fn key_players_on_krackhardts_advice_match_m15() {
    let impact = key_players(&krackhardt(), 2, at(WHEN)).unwrap();
    assert_eq!(impact.network_people, 21);
    let sets = impact.by_distance_fragmentation.unwrap();
    assert_eq!(sets.iter().map(|s| ids(&s.people)).collect::<Vec<_>>(), [vec!["15"], vec!["15", "2"]]);
    close(sets[0].distance_fragmentation.before.as_ref().ok().map(|e| e.value), 0.1548);
    close(sets[0].distance_fragmentation.after.as_ref().ok().map(|e| e.value), 0.1711);
    close(sets[1].distance_fragmentation.after.as_ref().ok().map(|e| e.value), 0.1871);
    assert!(sets.iter().all(|s| s.search == Search::Exhaustive && s.note.is_none()));
}

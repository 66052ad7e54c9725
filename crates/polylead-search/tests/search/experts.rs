//! "Who knows about X?" on the care team.

use polylead_search::{ExpertIndex, ExpertMatch};

use crate::fixture::care_team;

fn experts(text: &str) -> Vec<ExpertMatch> {
    ExpertIndex::build(&care_team()).unwrap().experts(text, 10).unwrap()
}

fn ids(matches: &[ExpertMatch]) -> Vec<&str> {
    matches.iter().map(|m| m.person.as_str()).collect()
}

fn reasons<'a>(matches: &'a [ExpertMatch], person: &str) -> &'a [String] {
    &matches.iter().find(|m| m.person.as_str() == person).unwrap().reasons
}

#[test]
fn rota_experts_are_the_planner_and_the_one_everyone_asks() {
    let found = experts("who knows about the night rota?");
    assert_eq!(ids(&found)[..2], ["p-ana", "p-dev"]);
    assert_eq!(
        reasons(&found, "p-ana"),
        [
            "skill: rota planning",
            "skill: night shifts",
            "fills the role Rota planner",
            "decided 2 decisions on night, rota, e.g. \"Swap night shifts with ward 4 in December\"",
        ]
    );
    assert_eq!(
        reasons(&found, "p-dev"),
        [
            "sought for advice on rota by 4 people",
            "proposed 2 decisions on night, rota, e.g. \"Swap night shifts with ward 4 in December\"",
            "decided 1 decision on rota, e.g. \"Rota for the Easter holidays\"",
        ]
    );
    // Hal gave advice on the new night rota; Eve proposed the holiday rota.
    assert_eq!(
        reasons(&found, "p-hal"),
        ["responded to 1 decision on night, rota, e.g. \"New night rota pattern: four on, four off\""]
    );
    assert!(ids(&found).contains(&"p-eve"));
    assert!(!ids(&found).contains(&"p-ben"));
}

#[test]
fn skills_and_advice_find_the_clinical_expert() {
    let found = experts("medication errors");
    assert_eq!(ids(&found), ["p-cleo"]);
    assert_eq!(
        reasons(&found, "p-cleo"),
        ["skill: medication", "fills the role Clinical lead", "sought for advice on medication by 1 person"]
    );
    let found = experts("wound");
    assert_eq!(ids(&found), ["p-hal", "p-cleo"]);
    assert_eq!(reasons(&found, "p-cleo"), ["sought for advice on wound dressing by 1 person"]);
}

#[test]
fn stemming_applies_to_people_too() {
    assert_eq!(ids(&experts("interviews"))[..1], ["p-dev"]);
    assert_eq!(ids(&experts("budgets"))[..1], ["p-ben"]);
}

#[test]
fn order_is_by_score_then_id() {
    let found = experts("ward");
    assert!(found.windows(2).all(|pair| {
        pair[0].score > pair[1].score || (pair[0].score == pair[1].score && pair[0].person < pair[1].person)
    }));
    assert!(found.iter().all(|m| !m.reasons.is_empty()));
}

#[test]
fn nobody_knows_about_unknown_things() {
    assert!(experts("quantum chromodynamics").is_empty());
}

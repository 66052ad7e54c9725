//! A small self-managing care team, written by hand.

use jiff::Timestamp;
use polylead_core::advice::{AdviceTie, TieOrigin};
use polylead_core::dataset::Dataset;
use polylead_core::decision::{Decision, DecisionStatus, Response, ResponseKind};
use polylead_core::domain::{Domain, Process};
use polylead_core::person::Person;
use polylead_core::role::{Role, RoleFiller};
use polylead_core::team::Team;
use polylead_core::text::{Keyword, Name};

fn keywords(words: &[&str]) -> Vec<Keyword> {
    words.iter().map(|word| Keyword::parse(word).unwrap()).collect()
}

fn domain(id: &str, name: &str, description: &str, words: &[&str], holder: &str) -> Domain {
    Domain {
        id: id.parse().unwrap(),
        name: Name::parse(name).unwrap(),
        description: Some(description.to_owned()),
        keywords: keywords(words),
        holder: holder.parse().unwrap(),
    }
}

fn role(id: &str, name: &str, purpose: &str, accountabilities: &[&str]) -> Role {
    Role {
        id: id.parse().unwrap(),
        team: "ward3".parse().unwrap(),
        name: Name::parse(name).unwrap(),
        purpose: Some(purpose.to_owned()),
        accountabilities: accountabilities.iter().map(|a| (*a).to_owned()).collect(),
        contributions: Vec::new(),
        critical: false,
    }
}

fn person(id: &str, name: &str, skills: &[&str]) -> Person {
    Person {
        id: id.parse().unwrap(),
        name: Name::parse(name).unwrap(),
        email: None,
        skills: keywords(skills),
        level: None,
        superior: None,
        team: Some("ward3".parse().unwrap()),
        joined: None,
        left: None,
    }
}

fn at() -> Timestamp {
    "2025-06-01T09:00:00Z".parse().unwrap()
}

fn decision(id: &str, domain: &str, title: &str, tags: &[&str], proposer: &str, decider: &str) -> Decision {
    Decision {
        id: id.parse().unwrap(),
        domain: domain.parse().unwrap(),
        title: title.to_owned(),
        proposal: None,
        proposer: proposer.parse().unwrap(),
        decider: Some(decider.parse().unwrap()),
        process: Process::Consent,
        status: DecisionStatus::Adopted,
        amount: None,
        scope: None,
        tags: keywords(tags),
        created_at: at(),
        deadline: None,
        decided_at: Some(at()),
        rationale: None,
        review_due: None,
        outcome: None,
        learned: None,
    }
}

fn tie(id: &str, seeker: &str, source: &str, subject: &str) -> AdviceTie {
    AdviceTie {
        id: id.parse().unwrap(),
        seeker: seeker.parse().unwrap(),
        source: source.parse().unwrap(),
        subject: Some(subject.to_owned()),
        frequency: Some(3),
        influence: Some(2),
        origin: TieOrigin::Survey,
        wave: None,
    }
}

/// Ward 3: five domains, four roles, eight people, a few decisions and advice ties.
pub fn care_team() -> Dataset {
    let teams = vec![Team {
        id: "ward3".parse().unwrap(),
        name: Name::parse("Ward 3").unwrap(),
        purpose: Some("Nursing care for the patients of ward 3".to_owned()),
        parent: None,
    }];
    let roles = vec![
        role(
            "r-rota",
            "Rota planner",
            "Fair and safe shift cover",
            &["Planning the weekly shift rota", "Arranging cover for sickness and holidays"],
        ),
        role("r-budget", "Budget keeper", "Spend the team's money well", &["Tracking spending", "Approving purchases"]),
        role(
            "r-clinical",
            "Clinical lead",
            "Safe, evidence-based care",
            &["Keeping clinical protocols current", "Medication safety audits"],
        ),
        role("r-coach", "Team coach", "Help the team organise itself", &["Facilitating team meetings"]),
    ];
    let domains = vec![
        domain(
            "d-night-rota",
            "Night-shift rota",
            "Who works which night shifts, swaps between nurses, and the pattern of the night rota.",
            &["night shift", "rota", "shift swaps"],
            "role:r-rota",
        ),
        domain(
            "d-day-rota",
            "Day rota",
            "Planning the early and late day shifts and who covers them.",
            &["day shift", "rota"],
            "role:r-rota",
        ),
        domain(
            "d-budget",
            "Team budget",
            "Spending from the ward's own budget: equipment, training courses, team outings.",
            &["money", "spending", "purchase"],
            "role:r-budget",
        ),
        domain(
            "d-hiring",
            "Hiring into the ward",
            "Recruiting and selecting new nurses and healthcare assistants, and their induction.",
            &["recruitment", "vacancy", "interview"],
            "team:ward3",
        ),
        domain(
            "d-protocols",
            "Clinical protocols",
            "Changes to clinical procedures, medication handling and infection control on the ward.",
            &["protocol", "medication", "infection control"],
            "role:r-clinical",
        ),
    ];
    let people = vec![
        person("p-ana", "Ana", &["rota planning", "night shifts"]),
        person("p-ben", "Ben", &["budgeting", "procurement"]),
        person("p-cleo", "Cleo", &["infection control", "medication"]),
        person("p-dev", "Dev", &["interviewing"]),
        person("p-eve", "Eve", &[]),
        person("p-fay", "Fay", &[]),
        person("p-gus", "Gus", &[]),
        person("p-hal", "Hal", &["wound care"]),
    ];
    let fillers = [("r-rota", "p-ana"), ("r-budget", "p-ben"), ("r-clinical", "p-cleo"), ("r-coach", "p-hal")]
        .into_iter()
        .map(|(role, person)| RoleFiller { role: role.parse().unwrap(), person: person.parse().unwrap(), focus: None })
        .collect();
    let decisions = vec![
        decision("c1", "d-night-rota", "Swap night shifts with ward 4 in December", &["night shift"], "p-dev", "p-ana"),
        decision("c2", "d-night-rota", "New night rota pattern: four on, four off", &["night shift"], "p-dev", "p-ana"),
        decision("c3", "d-day-rota", "Rota for the Easter holidays", &["holiday"], "p-eve", "p-dev"),
        decision("c4", "d-budget", "Buy two new patient hoists", &["equipment"], "p-cleo", "p-ben"),
        decision("c5", "d-protocols", "Hand hygiene audit every month", &["infection control"], "p-hal", "p-cleo"),
    ];
    let responses = vec![Response {
        id: "x1".parse().unwrap(),
        decision: "c2".parse().unwrap(),
        person: "p-hal".parse().unwrap(),
        kind: ResponseKind::Advice,
        text: Some("Check it against the sickness figures".to_owned()),
        given_at: at(),
        resolution: None,
    }];
    let ties = vec![
        tie("t1", "p-eve", "p-dev", "rota"),
        tie("t2", "p-fay", "p-dev", "rota"),
        tie("t3", "p-gus", "p-dev", "rota"),
        tie("t4", "p-hal", "p-dev", "rota"),
        tie("t5", "p-eve", "p-cleo", "medication"),
        tie("t6", "p-ben", "p-cleo", "wound dressing"),
    ];
    Dataset { teams, roles, fillers, domains, people, decisions, responses, ties, ..Dataset::default() }
}

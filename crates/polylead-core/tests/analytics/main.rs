//! Golden values of METRICS.md computed on the real fixtures (the [C] values, to 4 decimals).

// Test helpers outside #[test] functions may unwrap: a fixture that does not parse is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use jiff::Timestamp;
use polylead_core::act::{Act, ActSource};
use polylead_core::analytics::inequality::{distribution, entropy, gini, top_share};
use polylead_core::analytics::{ActivityCounts, Credit, PeopleIndex, Window};
use polylead_core::person::Person;
use polylead_core::role::Contribution;
use polylead_core::text::Name;

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"))
}

/// Rows of a small CSV file with a header, split on commas.
fn rows(path: PathBuf) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(',').map(|field| field.trim().to_owned()).collect())
        .collect()
}

/// Krackhardt advice in-degree (count of `to`) over the 21 people, zeros included, in id order.
fn krackhardt_advice_in_degree() -> Vec<f64> {
    let dir = fixtures().join("krackhardt-hightech");
    let mut people: Vec<u32> = rows(dir.join("people.csv")).iter().map(|row| row[0].parse().unwrap()).collect();
    people.sort_unstable();
    assert_eq!(people.len(), 21);
    let mut in_degree = vec![0.0; people.len()];
    let ties = rows(dir.join("advice.csv"));
    assert_eq!(ties.len(), 190);
    for tie in ties {
        let to: u32 = tie[1].parse().unwrap();
        let position = people.binary_search(&to).unwrap();
        in_degree[position] += 1.0;
    }
    in_degree
}

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 5e-5, "{actual} != {expected} (to 4 decimals)");
}

#[test]
fn krackhardt_advice_in_degree_matches_the_golden_values() {
    let activity = krackhardt_advice_in_degree();
    close(gini(&activity).unwrap().g, 0.2461);
    let top = top_share(&activity, 20).unwrap();
    assert_eq!(top.people, 5);
    close(top.share, 0.3895);
    let spread = entropy(&activity).unwrap();
    close(spread.h, 2.9483);
    close(spread.normalised, 0.9684);
}

/// The same golden values through the pipeline the product uses: people and acts, the window's
/// eligible population, per-person counts. Ids sort as text ("k10" before "k2"), a permutation
/// the measures must not notice; a member who left before the window is not in N.
#[test]
fn krackhardt_through_people_acts_and_the_window() {
    let dir = fixtures().join("krackhardt-hightech");
    let member = |id: &str| Person {
        id: format!("k{id}").parse().unwrap(),
        name: Name::parse(id).unwrap(),
        email: None,
        skills: vec![],
        level: None,
        superior: None,
        team: None,
        joined: None,
        left: None,
    };
    let mut people: Vec<Person> = rows(dir.join("people.csv")).iter().map(|row| member(&row[0])).collect();
    people.push(Person { left: Some("2023-06-01".parse().unwrap()), ..member("gone") });
    let start: Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
    let acts: Vec<Act> = rows(dir.join("advice.csv"))
        .iter()
        .enumerate()
        .map(|(n, tie)| Act {
            id: format!("a{n}").parse().unwrap(),
            actor: format!("k{}", tie[1]).parse().unwrap(),
            co_actors: vec![],
            targets: vec![format!("k{}", tie[0]).parse().unwrap()],
            initiator: None,
            kind: Contribution::TechnicalExpertise,
            domain: None,
            team: None,
            started_at: start,
            duration_s: None,
            planned: None,
            channel: None,
            influence: None,
            routine: None,
            decision: None,
            source: ActSource::Observed,
        })
        .collect();
    let window = Window::ending("2024-02-01T00:00:00Z".parse().unwrap(), Window::DEFAULT_DAYS);
    let index = PeopleIndex::members(&people, &window);
    assert_eq!(index.len(), 21);
    let counts = ActivityCounts::count(&index, &acts, &window, Credit::Actor);
    assert_eq!((counts.acts_in_window, counts.outside_population), (190, 0));
    let summary = distribution(&counts.totals());
    close(summary.gini.unwrap().g, 0.2461);
    close(summary.top_20.unwrap().share, 0.3895);
    close(summary.entropy.unwrap().h, 2.9483);
    close(summary.entropy.unwrap().normalised, 0.9684);
    assert_eq!(summary.entropy, entropy(&counts.of_kind(Contribution::TechnicalExpertise)));
    assert!(counts.of_kind(Contribution::VisionDirection).iter().all(|&count| count == 0.0));
}

/// The report on Krackhardt's managers reproduces METRICS.md's [C] values for the advice network.
#[test]
fn the_report_on_krackhardt_reproduces_the_golden_network_values() {
    use std::collections::BTreeMap;

    use polylead_core::network_study::{StudyMapping, read_study};
    use polylead_core::report::{Report, ReportSettings};

    let dir = fixtures().join("krackhardt-hightech");
    let files: BTreeMap<String, Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    let mapping = StudyMapping {
        id_prefix: String::new(),
        level_column: Some("level".into()),
        superior_column: Some("reports_to".into()),
        team_column: Some("department".into()),
        wave: None,
    };
    let study = read_study(&files, &mapping).unwrap_or_else(|_| panic!("the study reads"));
    let report = Report::build(&study.data, &ReportSettings::ending(Timestamp::from_second(1_700_000_000).unwrap()));
    let value = |key: &str| report.figure(key).unwrap().value.unwrap();
    assert_eq!(report.network_people, 21);
    close(value("advice_in_centralization"), 0.4700);
    close(value("reciprocity"), 0.4737);
    close(value("ei_index"), 0.5158);
    close(value("ei_expected"), 0.5524);
    close(value("betweenness_centralization"), 0.2103);
    close(value("hierarchy"), 0.0);
    // polylead stores level − 1 (CEO = 0); a shift does not change Pearson's r.
    close(value("level_pearson"), -0.6515);
    close(value("formal_tie_coverage"), 19.0 / 20.0);
    // The three above the cut-off (13.02) are VPs, so nobody is an informal leader.
    assert_eq!(value("informal_leaders"), 0.0);
    let cutoff = report.informal_leadership.cutoff.unwrap();
    assert!((cutoff - 13.02).abs() < 0.005, "{cutoff}");
    let sought: Vec<(&str, usize)> =
        report.informal_leadership.sought.iter().map(|s| (s.person.id.as_str(), s.in_degree)).collect();
    assert_eq!(sought, [("2", 18), ("18", 15), ("21", 15)]);
    // M15 on the advice network: the best single removal is 15, DF 0.1548 → 0.1711.
    close(value("distance_fragmentation"), 0.1548);
    close(value("key_player_delta"), 0.1711 - 0.1548);
    // No acts: activity figures say so instead of reporting 0.
    assert!(report.figure("gini").unwrap().value.is_err());
}

use super::*;
use crate::advice::{AdviceTie, TieOrigin};
use crate::analytics::population::tests::{act, at, person};
use crate::dataset::Dataset;
use crate::metric::Undefined;
use crate::role::Contribution;

fn settings() -> ReportSettings {
    ReportSettings::ending(at(100))
}

fn value(report: &Report, key: &str) -> Metric<f64> {
    report.figure(key).unwrap_or_else(|| panic!("no figure {key}")).value
}

fn close(actual: Metric<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!((actual - expected).abs() < 5e-5, "{actual} != {expected}");
}

fn tie(id: &str, seeker: &str, source: &str) -> AdviceTie {
    AdviceTie {
        id: id.parse().unwrap(),
        seeker: seeker.parse().unwrap(),
        source: source.parse().unwrap(),
        subject: None,
        frequency: None,
        influence: None,
        origin: TieOrigin::Survey,
        wave: None,
    }
}

#[test]
fn an_empty_organisation_has_every_figure_undefined_with_a_reason() {
    let report = Report::build(&Dataset::default(), &settings());
    assert_eq!((report.population, report.network_people), (0, 0));
    assert!(!report.figures.is_empty());
    for figure in &report.figures {
        let reason = figure.value.expect_err(figure.key);
        assert!(figure.meaning.contains(reason.code()), "{}: {}", figure.key, figure.meaning);
    }
    for key in ["effective_leaders", "gini", "top20_share", "engagement", "advice_in_centralization", "ei_index"] {
        assert_eq!(value(&report, key), Err(Undefined::Empty), "{key}");
    }
    assert_eq!(value(&report, "latency_median_days"), Err(Undefined::Empty));
    assert_eq!(value(&report, "truck_factor"), Err(Undefined::NoActs));
    assert!(report.bottlenecks.is_empty() && report.single_points.is_empty() && report.teams_missing_types.is_empty());
    assert!(report.informal_leadership.verdict.starts_with("Cannot tell"), "{}", report.informal_leadership.verdict);
}

#[test]
fn one_person_is_too_few_for_spread_measures() {
    let data = Dataset {
        people: vec![person("a")],
        acts: vec![act("1", "a", Contribution::VisionDirection, 50)],
        ..Dataset::default()
    };
    let report = Report::build(&data, &settings());
    assert_eq!(report.population, 1);
    assert_eq!(value(&report, "gini"), Err(Undefined::NTooSmall));
    assert_eq!(value(&report, "effective_leaders"), Err(Undefined::NTooSmall));
    assert_eq!(value(&report, "engagement"), Ok(1.0));
    assert_eq!(value(&report, "advice_in_centralization"), Err(Undefined::NTooSmall));
    assert_eq!(value(&report, "informal_leaders"), Err(Undefined::NTooSmall));
    assert_eq!(value(&report, "key_player_delta"), Err(Undefined::NoTies));
}

#[test]
fn people_without_acts_say_there_are_no_acts() {
    let data = Dataset { people: vec![person("a"), person("b"), person("c")], ..Dataset::default() };
    let report = Report::build(&data, &settings());
    assert_eq!(value(&report, "gini"), Err(Undefined::NoActs));
    assert_eq!(value(&report, "effective_leaders"), Err(Undefined::NoActs));
    assert_eq!(value(&report, "engagement"), Ok(0.0));
    assert_eq!(value(&report, "reciprocity"), Err(Undefined::NoTies));
    assert_eq!(value(&report, "co_performance_rate"), Err(Undefined::NoActs));
    let gini = report.figure("gini").unwrap();
    assert!(gini.meaning.contains("no recorded acts"), "{}", gini.meaning);
}

/// a heads the team; b, c, d report to a. Acts 3/1/0/0; ties b→a, c→a, d→a, a→b.
fn small_org() -> Dataset {
    let mut people: Vec<_> = ["a", "b", "c", "d"].into_iter().map(person).collect();
    for (index, p) in people.iter_mut().enumerate() {
        p.level = Some(u8::from(index > 0));
        p.superior = (index > 0).then(|| "a".parse().unwrap());
        p.team = Some("t".parse().unwrap());
    }
    let acts = vec![
        act("1", "a", Contribution::VisionDirection, 20),
        act("2", "a", Contribution::ExecutionDelivery, 30),
        act("3", "a", Contribution::VisionDirection, 40),
        act("4", "b", Contribution::ChallengeCritique, 50),
        // Outside the 90-day window ending on day 100.
        act("5", "c", Contribution::VisionDirection, 5),
    ];
    let acts = acts.into_iter().map(|a| crate::act::Act { team: Some("t".parse().unwrap()), ..a }).collect();
    let ties = vec![tie("t1", "b", "a"), tie("t2", "c", "a"), tie("t3", "d", "a"), tie("t4", "a", "b")];
    Dataset { people, acts, ties, ..Dataset::default() }
}

#[test]
fn a_small_org_checked_by_hand() {
    let report = Report::build(&small_org(), &settings());
    assert_eq!(report.population, 4);
    // [3,1,0,0]: G = 0.625, G* = 0.625·4/3.
    close(value(&report, "gini"), 0.625 * 4.0 / 3.0);
    // ⌈0.2·4⌉ = 1 person holds 3 of 4 acts.
    close(value(&report, "top20_share"), 0.75);
    close(value(&report, "engagement"), 0.5);
    // exp(H) with p = (3/4, 1/4).
    close(value(&report, "effective_leaders"), (-(0.75f64 * 0.75f64.ln() + 0.25 * 0.25f64.ln())).exp());
    // In-degrees 3,1,0,0: Σ(3 − d) = 8 over (n−1)² = 9.
    close(value(&report, "advice_in_centralization"), 8.0 / 9.0);
    // One mutual pair (a, b) and two asymmetric ties: 2/(2+2).
    close(value(&report, "reciprocity"), 0.5);
    // All ties within the one team.
    close(value(&report, "ei_index"), -1.0);
    // b, c, d ask their superior a: 3 of 3.
    close(value(&report, "formal_tie_coverage"), 1.0);
    assert!(value(&report, "level_pearson").unwrap() < -0.3);
    // a is above the cut-off but is everyone's superior: not informal.
    assert_eq!(value(&report, "informal_leaders"), Ok(0.0));
    let sought = &report.informal_leadership.sought;
    assert_eq!(sought.len(), 1);
    assert_eq!((sought[0].person.id.as_str(), sought[0].in_degree, sought[0].formal), ("a", 3, true));
    assert!(report.informal_leadership.verdict.starts_with("Informal leadership follows the org chart"));
    // The team's acts cover vision, execution and challenge only.
    let gap = &report.teams_missing_types;
    assert_eq!(gap.len(), 1);
    assert_eq!(gap[0].missing, [Contribution::RelationshipCulture, Contribution::TechnicalExpertise]);
    close(value(&report, "team_full_coverage"), 0.0);
    // Removing a, the hub, leaves b and c, d isolated.
    assert_eq!(value(&report, "fragmentation"), Ok(0.0));
    let key = report.figure("key_player_delta").unwrap();
    assert!(key.meaning.contains("(a)"), "{}", key.meaning);
    assert!(report.figure("effective_leaders").unwrap().meaning.starts_with("leadership is spread as if 1.8"));
}

#[test]
fn a_team_filter_restricts_the_activity_figures() {
    let mut data = small_org();
    data.people[3].team = Some("other".parse().unwrap());
    let report = Report::build(&data, &ReportSettings { team: Some("t".parse().unwrap()), ..settings() });
    assert_eq!((report.population, report.network_people), (3, 4));
    close(value(&report, "engagement"), 2.0 / 3.0);
    let nobody = Report::build(&data, &ReportSettings { team: Some("nope".parse().unwrap()), ..settings() });
    assert_eq!(value(&nobody, "gini"), Err(Undefined::Empty));
}

#[test]
fn acts_per_eligible_person_are_the_input_of_the_reports_gini() {
    let mut left = person("c");
    left.left = Some("1970-01-02".parse().unwrap());
    let data = Dataset {
        people: vec![person("a"), person("b"), left, person("d")],
        acts: vec![
            act("1", "a", Contribution::VisionDirection, 50),
            act("2", "a", Contribution::ExecutionDelivery, 60),
            act("3", "b", Contribution::VisionDirection, 70),
            act("4", "b", Contribution::VisionDirection, 1),
        ],
        ..Dataset::default()
    };
    let values = acts_per_eligible_person(&data, &settings());
    // c left before the window; d is eligible with no act; b's act of day 1 is outside it.
    assert_eq!(values, vec![2.0, 1.0, 0.0]);
    let report = Report::build(&data, &settings());
    assert_eq!(report.population, values.len());
    let gini = crate::analytics::inequality::gini(&values).unwrap().normalised;
    assert_eq!(value(&report, "gini"), Ok(gini));
}

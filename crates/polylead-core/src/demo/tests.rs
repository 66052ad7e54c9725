use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::Timestamp;

use super::*;
use crate::dataset::Known;
use crate::decision::{Decision, DecisionStatus, ResponseKind};
use crate::ids::PersonId;
use crate::record::Record;
use crate::role::Contribution;

fn until() -> Timestamp {
    "2025-11-30T18:00:00Z".parse().unwrap()
}

fn spec(profile: Profile, people: u32, seed: u64) -> DemoSpec {
    DemoSpec { profile, people, seed, until: until() }
}

/// The organisation with its acts, as one dataset.
fn whole(spec: &DemoSpec) -> Dataset {
    let mut data = generate(spec).unwrap();
    let list: Vec<Act> = acts(spec, &data).collect();
    data.acts = list;
    data
}

/// Measures of an advice network computed from scratch, as METRICS.md defines them.
struct Network {
    ties: usize,
    /// Edgewise reciprocity 2M/(2M+A) over distinct pairs (M7).
    reciprocity: f64,
    /// E-I index by primary team (M8).
    ei: f64,
    /// Share of in-ties held by the top 5% of people by in-degree (M2).
    top5: f64,
    /// Share of people who seek advice from their superior, among those who have one.
    ask_superior: f64,
}

fn network(data: &Dataset) -> Network {
    let arcs: HashSet<(&str, &str)> = data.ties.iter().map(|tie| (tie.seeker.as_str(), tie.source.as_str())).collect();
    let mutual = arcs.iter().filter(|(a, b)| arcs.contains(&(*b, *a))).count();
    let team: HashMap<&str, Option<&str>> =
        data.people.iter().map(|p| (p.id.as_str(), p.team.as_ref().map(|t| t.as_str()))).collect();
    let internal = arcs.iter().filter(|(a, b)| team[a].is_some() && team[a] == team[b]).count();
    let mut in_degree: HashMap<&str, usize> = data.people.iter().map(|p| (p.id.as_str(), 0)).collect();
    for (_, source) in &arcs {
        *in_degree.entry(source).or_default() += 1;
    }
    let mut degrees: Vec<usize> = in_degree.into_values().collect();
    degrees.sort_unstable_by(|a, b| b.cmp(a));
    let top = data.people.len().div_ceil(20);
    let superior: Vec<(&str, &str)> =
        data.people.iter().filter_map(|p| p.superior.as_ref().map(|boss| (p.id.as_str(), boss.as_str()))).collect();
    let asking = superior.iter().filter(|pair| arcs.contains(pair)).count();
    Network {
        ties: data.ties.len(),
        reciprocity: mutual as f64 / arcs.len() as f64,
        ei: (arcs.len() as f64 - 2.0 * internal as f64) / arcs.len() as f64,
        top5: degrees[..top].iter().sum::<usize>() as f64 / arcs.len() as f64,
        ask_superior: asking as f64 / superior.len().max(1) as f64,
    }
}

/// Every row passes its own record validation (what an import would check).
fn rows_round_trip(data: &Dataset) {
    fn check<T: Record + PartialEq + std::fmt::Debug>(rows: &[T]) {
        for row in rows {
            let back = T::from_values(&row.values()).unwrap_or_else(|e| panic!("{}: {e}", row.key()));
            assert_eq!(&back, row);
        }
    }
    check(&data.teams);
    check(&data.people);
    check(&data.roles);
    check(&data.fillers);
    check(&data.domains);
    check(&data.rules);
    check(&data.delegations);
    check(&data.decisions);
    check(&data.responses);
    // Acts and ties are many and alike: a sample is enough (this runs in debug builds).
    check(&data.acts.iter().step_by(25).cloned().collect::<Vec<_>>());
    check(&data.ties.iter().step_by(5).cloned().collect::<Vec<_>>());
}

/// Checks that hold for any generated organisation, with its acts.
fn check_consistency(spec: &DemoSpec, data: &Dataset) {
    assert_eq!(data.check(&Known::default()), [], "{spec:?}");
    rows_round_trip(data);
    assert_eq!(data.people.len(), spec.people as usize);

    // Every event lies in the year before `until`.
    let (from, to) = (spec.until - jiff::SignedDuration::from_hours(365 * 24), spec.until);
    let within = |at: Timestamp, what: &str| assert!(from <= at && at <= to, "{what} at {at}");
    for decision in &data.decisions {
        within(decision.created_at, decision.id.as_str());
        decision.decided_at.inspect(|at| within(*at, decision.id.as_str()));
        let decided = matches!(
            decision.status,
            DecisionStatus::Decided | DecisionStatus::Adopted | DecisionStatus::ReviewDue | DecisionStatus::Reviewed
        );
        assert_eq!(decided, decision.decided_at.is_some(), "{}: {}", decision.id, decision.status);
        assert_eq!(decided, decision.decider.is_some(), "{}: {}", decision.id, decision.status);
        let reviewed = decision.status == DecisionStatus::Reviewed;
        assert_eq!(reviewed, decision.outcome.is_some(), "{}", decision.id);
        if matches!(decision.status, DecisionStatus::ReviewDue | DecisionStatus::Reviewed) {
            assert!(decision.review_due.is_some_and(|due| due <= to), "{}", decision.id);
        } else {
            assert!(decision.review_due.is_none_or(|due| due > to), "{}", decision.id);
        }
    }
    let decisions: HashMap<&str, &Decision> = data.decisions.iter().map(|d| (d.id.as_str(), d)).collect();
    for response in &data.responses {
        within(response.given_at, response.id.as_str());
        let decision = decisions[response.decision.as_str()];
        assert!(decision.created_at <= response.given_at, "{}", response.id);
        assert!(decision.decided_at.is_none_or(|at| response.given_at <= at), "{}", response.id);
    }
    for delegation in &data.delegations {
        within(delegation.starts_at, delegation.id.as_str());
        within(delegation.ends_at, delegation.id.as_str());
    }
    // People act only while they are members.
    let people: HashMap<&str, &crate::person::Person> = data.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let member_at = |person: &PersonId, at: Timestamp| {
        let person = people[person.as_str()];
        let day = at.as_second().div_euclid(calendar::DAY);
        person.joined.is_none_or(|joined| calendar::day_of(joined) <= day)
            && person.left.is_none_or(|left| day < calendar::day_of(left))
    };
    for act in &data.acts {
        within(act.started_at, act.id.as_str());
        assert!(member_at(&act.actor, act.started_at), "{} by {}", act.id, act.actor);
    }
    for decision in &data.decisions {
        assert!(member_at(&decision.proposer, decision.created_at), "{}", decision.id);
        if let (Some(decider), Some(at)) = (&decision.decider, decision.decided_at) {
            assert!(member_at(decider, at), "{}", decision.id);
        }
    }
    for response in &data.responses {
        assert!(member_at(&response.person, response.given_at), "{}", response.id);
    }
    // Formal levels count the steps up a single reporting tree.
    assert_eq!(data.people.iter().filter(|p| p.superior.is_none()).count(), 1);
    for person in &data.people {
        let expected = person.superior.as_ref().map_or(0, |boss| people[boss.as_str()].level.unwrap_or(0) + 1);
        assert_eq!(person.level, Some(expected), "{}", person.id);
    }
    let emails: BTreeSet<&str> = data.people.iter().filter_map(|p| p.email.as_ref().map(|e| e.as_str())).collect();
    assert_eq!(emails.len(), data.people.len());
}

/// The shape of a realistic organisation, computed from the rows.
fn check_realism(spec: &DemoSpec, data: &Dataset) {
    let n = network(data);
    let what = format!("{spec:?}");
    assert!(n.ei < -0.05, "E-I index {} should be clearly negative: {what}", n.ei);
    assert!((0.2..0.6).contains(&n.reciprocity), "reciprocity {}: {what}", n.reciprocity);
    assert!(n.top5 > 0.1, "top 5% hold {} of in-ties: {what}", n.top5);
    assert!(n.ask_superior > 0.2, "{} ask their superior: {what}", n.ask_superior);
    let per_person = n.ties as f64 / f64::from(spec.people);
    assert!((7.0..13.0).contains(&per_person), "{per_person} ties per person: {what}");

    let kinds: BTreeSet<Contribution> = data.acts.iter().map(|act| act.kind).collect();
    assert_eq!(kinds.len(), 5, "{what}");
    let system: BTreeSet<Contribution> =
        data.acts.iter().filter(|a| a.source == crate::act::ActSource::System).map(|a| a.kind).collect();
    assert_eq!(system.len(), 5, "decisions give rise to all five kinds of act: {what}");
    let per_person = data.acts.len() as f64 / f64::from(spec.people);
    assert!((80.0..120.0).contains(&per_person), "{per_person} acts per person: {what}");
    let estimate = expected_acts(spec) as f64;
    assert!((estimate / data.acts.len() as f64 - 1.0).abs() < 0.1, "estimate {estimate}: {what}");
    // A few people are much more active than the rest.
    let mut by_actor: HashMap<&str, usize> = HashMap::new();
    for act in &data.acts {
        *by_actor.entry(act.actor.as_str()).or_default() += 1;
    }
    let mut counts: Vec<usize> = by_actor.into_values().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top = counts[..counts.len().div_ceil(10)].iter().sum::<usize>() as f64 / data.acts.len() as f64;
    assert!(top > 0.2, "the top 10% of actors do {top} of the acts: {what}");

    let kinds: BTreeSet<ResponseKind> = data.responses.iter().map(|r| r.kind).collect();
    assert_eq!(kinds.len(), 3, "advice, consent and objections: {what}");
    let statuses: BTreeSet<DecisionStatus> = data.decisions.iter().map(|d| d.status).collect();
    for status in
        [DecisionStatus::Decided, DecisionStatus::Adopted, DecisionStatus::Reviewed, DecisionStatus::Escalated]
    {
        assert!(statuses.contains(&status), "no {status} decision: {what}");
    }
    assert!(data.people.iter().any(|p| p.left.is_some()), "someone left: {what}");
    assert!(!data.delegations.is_empty(), "{what}");
}

fn check_profile(profile: Profile) {
    for people in [5, 60, 500] {
        let spec = spec(profile, people, 42);
        let data = whole(&spec);
        check_consistency(&spec, &data);
        if people >= 500 {
            check_realism(&spec, &data);
        }
    }
}

#[test]
fn care_organisations_are_consistent_and_realistic() {
    check_profile(Profile::Care);
}

#[test]
fn schools_are_consistent_and_realistic() {
    check_profile(Profile::School);
}

#[test]
fn lattices_are_consistent_and_realistic() {
    check_profile(Profile::Lattice);
}

#[test]
fn the_same_spec_gives_the_same_rows_and_another_seed_others() {
    for profile in Profile::ALL {
        let first = whole(&spec(profile, 60, 1));
        assert_eq!(first, whole(&spec(profile, 60, 1)));
        let spec = spec(profile, 60, 2);
        let other = generate(&spec).unwrap();
        assert_ne!(first.people, other.people);
        assert_ne!(first.decisions, other.decisions);
        assert_ne!(first.ties, other.ties);
        let acts: Vec<Act> = acts(&spec, &other).take(500).collect();
        assert_ne!(first.acts[..500], acts);
    }
}

#[test]
fn the_act_stream_knows_its_length() {
    let spec = spec(Profile::Lattice, 40, 3);
    let org = generate(&spec).unwrap();
    let mut stream = acts(&spec, &org);
    let (length, upper) = stream.size_hint();
    assert_eq!(upper, Some(length));
    stream.next();
    assert_eq!(stream.size_hint().0, length - 1);
    assert_eq!(stream.count(), length - 1);
}

#[test]
fn specs_out_of_range_are_refused_with_reasons() {
    for people in [0, 4, 1_000_001] {
        let error = generate(&spec(Profile::Care, people, 1)).unwrap_err();
        assert!(error.reason.contains("5 to 1000000 people"), "{error}");
    }
    let error = "hospital".parse::<Profile>().unwrap_err();
    assert!(error.reason.contains("care, school, lattice"), "{error}");
    for profile in Profile::ALL {
        assert_eq!(profile.to_string().parse::<Profile>(), Ok(profile));
    }
    let spec = spec(Profile::School, 60, 9);
    assert!(organisation_name(&spec).ends_with("Academy (demo)"), "{}", organisation_name(&spec));
}

#[test]
fn profiles_have_their_own_structure() {
    // Care: nursing teams of about 10-12 with a coach for every 4-6 teams.
    let care = generate(&spec(Profile::Care, 500, 5)).unwrap();
    let mut team_sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for person in &care.people {
        *team_sizes.entry(person.team.as_ref().unwrap().as_str()).or_default() += 1;
    }
    let nursing: Vec<usize> = care
        .teams
        .iter()
        .filter(|t| t.name.as_str().starts_with("Team "))
        .map(|t| team_sizes.get(t.id.as_str()).copied().unwrap_or(0))
        .collect();
    assert!(nursing.iter().all(|size| (8..=14).contains(size)), "{nursing:?}");
    let coaches = care.roles.iter().filter(|r| r.name.as_str().starts_with("Team coach")).count();
    assert!((nursing.len() / 6..=nursing.len() / 4).contains(&coaches), "{coaches} coaches");

    // School: departments with heads, year teams with tutors.
    let school = generate(&spec(Profile::School, 120, 5)).unwrap();
    let names: BTreeSet<&str> = school.roles.iter().map(|r| r.name.as_str()).collect();
    for role in ["Headteacher", "Head of Mathematics", "Head of year", "Form tutor", "Assessment lead"] {
        assert!(names.contains(role), "{role}");
    }

    // Lattice: everyone is in one to three teams.
    let lattice = generate(&spec(Profile::Lattice, 500, 5)).unwrap();
    let role_team: BTreeMap<&str, &str> = lattice.roles.iter().map(|r| (r.id.as_str(), r.team.as_str())).collect();
    let mut teams: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for person in &lattice.people {
        teams.entry(person.id.as_str()).or_default().insert(person.team.as_ref().unwrap().as_str());
    }
    for filler in &lattice.fillers {
        teams.entry(filler.person.as_str()).or_default().insert(role_team[filler.role.as_str()]);
    }
    let spread: BTreeSet<usize> = teams.values().map(BTreeSet::len).collect();
    assert_eq!(spread, [1, 2, 3].into(), "teams per person");

    // Every team governs itself: a governance domain held by the team, by consent.
    for data in [&care, &school, &lattice] {
        let governed: BTreeSet<&str> = data
            .domains
            .iter()
            .filter(|d| d.name.as_str().starts_with("Governance of"))
            .filter_map(|d| match &d.holder {
                crate::domain::Holder::Team(team) => Some(team.as_str()),
                crate::domain::Holder::Role(_) => None,
            })
            .collect();
        let teams: BTreeSet<&str> = data.teams.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(governed, teams);
    }
}

#[test]
fn sizes_around_the_profiles_thresholds_work() {
    // Tiny organisations, and the sizes where a profile changes shape (back office, regions,
    // a trust of schools, divisions and guilds).
    for (profile, sizes) in [
        (Profile::Care, &[6, 11, 12, 14, 15, 16, 29, 30, 31][..]),
        (Profile::School, &[6, 11, 12, 29, 30, 59, 60, 200, 201]),
        (Profile::Lattice, &[6, 29, 30, 39, 40, 149, 150]),
    ] {
        for people in sizes {
            let data = generate(&spec(profile, *people, 11)).unwrap();
            assert_eq!(data.check(&Known::default()), [], "{profile} {people}");
            assert_eq!(data.people.len(), *people as usize);
        }
    }
}

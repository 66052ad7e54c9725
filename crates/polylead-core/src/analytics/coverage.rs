//! M17 contribution-type coverage of a team over a window.
//!
//! With `c_k` = the team's acts of type k in W (acts whose `team` is the team):
//! - **coverage** = `#{k: c_k meets θ}/5`, θ a minimum count (default 1) or a minimum share of the
//!   team's acts ([`Threshold`], echoed in the result);
//! - **balance** = `H(c)/ln 5` (`NO_ACTS` when the team has no acts);
//! - **distributed coverage** = the number of types whose acts *by people other than the formal
//!   lead* meet θ (the same test, on those acts' count; the share is of all the team's acts);
//! - **breadth** = distinct actors per type.
//!
//! A team is empty (`EMPTY`) when nobody whose primary team it is was a member during W.

use std::collections::{BTreeMap, BTreeSet};

use super::population::{PeopleIndex, Window, kind_position};
use crate::act::Act;
use crate::ids::{PersonId, TeamId};
use crate::metric::{Metric, Undefined};
use crate::person::Person;
use crate::role::Contribution;

/// θ: when a type counts as covered.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Threshold {
    MinActs(u64),
    MinShare(f64),
}

impl Default for Threshold {
    fn default() -> Threshold {
        Threshold::MinActs(1)
    }
}

impl Threshold {
    fn met(self, count: u64, team_total: u64) -> bool {
        match self {
            Threshold::MinActs(minimum) => count >= minimum.max(1),
            Threshold::MinShare(share) => count > 0 && count as f64 >= share * team_total as f64,
        }
    }
}

/// M17 for one team. Arrays are in [`Contribution::ALL`] order.
#[derive(Clone, PartialEq, Debug)]
pub struct TeamCoverage {
    pub threshold: Threshold,
    pub members: usize,
    pub acts: [u64; 5],
    pub coverage: f64,
    pub balance: Metric<f64>,
    /// `EMPTY` when `leads` names no formal lead for the team.
    pub distributed_coverage: Metric<usize>,
    pub breadth: [usize; 5],
}

/// A team's acts per type, acts per type by non-leads, and its (type, actor index) pairs
/// (deduplicated once, after counting).
type Tally = ([u64; 5], [u64; 5], Vec<(usize, u32)>);

/// M17 for every team that has members in W. `leads` gives each team's formal lead.
pub fn coverage_by_team(
    people: &[Person],
    acts: &[Act],
    window: &Window,
    leads: &BTreeMap<TeamId, PersonId>,
    threshold: Threshold,
) -> BTreeMap<TeamId, Metric<TeamCoverage>> {
    let mut members: BTreeMap<&TeamId, usize> = BTreeMap::new();
    for person in people.iter().filter(|person| window.had_member(person)) {
        if let Some(team) = &person.team {
            *members.entry(team).or_default() += 1;
        }
    }
    let index = PeopleIndex::new(people.iter().map(|person| &person.id));
    // Per team: counts, counts by non-leads, and (type, actor) pairs for breadth.
    let mut tallies: BTreeMap<&TeamId, Tally> = BTreeMap::new();
    for act in acts.iter().filter(|act| window.contains(act.started_at)) {
        let Some(team) = &act.team else { continue };
        let tally = tallies.entry(team).or_default();
        let kind = kind_position(act.kind);
        tally.0[kind] += 1;
        if leads.get(team) != Some(&act.actor) {
            tally.1[kind] += 1;
        }
        if let Some(actor) = index.index_of(&act.actor) {
            tally.2.push((kind, actor));
        }
    }
    let mut teams: BTreeSet<&TeamId> = members.keys().copied().collect();
    teams.extend(tallies.keys().copied());
    teams
        .into_iter()
        .map(|team| {
            let count = members.get(team).copied().unwrap_or(0);
            let result = if count == 0 {
                Err(Undefined::Empty)
            } else {
                let (acts, others, mut actors) = tallies.remove(team).unwrap_or_default();
                actors.sort_unstable();
                actors.dedup();
                Ok(team_coverage(count, acts, others, &actors, leads.contains_key(team), threshold))
            };
            (team.clone(), result)
        })
        .collect()
}

fn team_coverage(
    members: usize,
    acts: [u64; 5],
    others: [u64; 5],
    actors: &[(usize, u32)],
    has_lead: bool,
    threshold: Threshold,
) -> TeamCoverage {
    let total: u64 = acts.iter().sum();
    let covered = acts.iter().filter(|&&count| threshold.met(count, total)).count();
    let balance = if total == 0 {
        Err(Undefined::NoActs)
    } else {
        let h: f64 = acts
            .iter()
            .filter(|&&count| count > 0)
            .map(|&count| {
                let p = count as f64 / total as f64;
                -p * p.ln()
            })
            .sum();
        Ok(h / (Contribution::ALL.len() as f64).ln())
    };
    let mut breadth = [0; 5];
    for &(kind, _) in actors {
        breadth[kind] += 1;
    }
    TeamCoverage {
        threshold,
        members,
        acts,
        coverage: covered as f64 / 5.0,
        balance,
        distributed_coverage: if has_lead {
            Ok(others.iter().filter(|&&count| threshold.met(count, total)).count())
        } else {
            Err(Undefined::Empty)
        },
        breadth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::population::tests::{act, at, person};

    #[test]
    fn coverage_balance_distribution_and_breadth_of_a_team() {
        let team: TeamId = "ward".parse().unwrap();
        let member = |id: &str| Person { team: Some(team.clone()), ..person(id) };
        let people = [member("lead"), member("ann"), member("bob"), person("loner")];
        let in_team =
            |id: &str, actor: &str, kind: Contribution| Act { team: Some(team.clone()), ..act(id, actor, kind, 1) };
        let acts = [
            in_team("1", "lead", Contribution::VisionDirection),
            in_team("2", "lead", Contribution::VisionDirection),
            in_team("3", "ann", Contribution::ExecutionDelivery),
            in_team("4", "bob", Contribution::ExecutionDelivery),
            in_team("5", "ann", Contribution::ChallengeCritique),
            in_team("6", "lead", Contribution::ChallengeCritique),
            act("7", "ann", Contribution::TechnicalExpertise, 1), // no team
        ];
        let leads = [(team.clone(), "lead".parse().unwrap())].into_iter().collect();
        let window = Window::new(at(0), at(10)).unwrap();
        let result = coverage_by_team(&people, &acts, &window, &leads, Threshold::default());
        let ward = result[&team].clone().unwrap();
        assert_eq!(ward.members, 3);
        assert_eq!(ward.acts, [2, 2, 0, 0, 2]);
        assert!((ward.coverage - 0.6).abs() < 1e-12);
        assert!((ward.balance.unwrap() - 3f64.ln() / 5f64.ln()).abs() < 1e-12);
        assert_eq!(ward.distributed_coverage, Ok(2));
        assert_eq!(ward.breadth, [1, 2, 0, 0, 2]);

        let by_share = coverage_by_team(&people, &acts, &window, &leads, Threshold::MinShare(0.5));
        assert_eq!(by_share[&team].clone().unwrap().coverage, 0.0);
        assert_eq!(by_share[&team].clone().unwrap().threshold, Threshold::MinShare(0.5));

        let quiet = coverage_by_team(&people, &[], &window, &BTreeMap::new(), Threshold::default());
        let quiet = quiet[&team].clone().unwrap();
        assert_eq!((quiet.coverage, quiet.balance), (0.0, Err(Undefined::NoActs)));
        assert_eq!(quiet.distributed_coverage, Err(Undefined::Empty));

        let ghost = Act { team: Some("ghost".parse().unwrap()), ..act("8", "ann", Contribution::VisionDirection, 1) };
        let result = coverage_by_team(&people, &[ghost], &window, &leads, Threshold::default());
        assert_eq!(result[&"ghost".parse::<TeamId>().unwrap()], Err(Undefined::Empty));
    }
}

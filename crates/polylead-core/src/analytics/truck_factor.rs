//! M14 truck factor per decision domain and for the organisation (Avelino et al. 2016, after
//! `aserg-ufmg/Truck-Factor`'s `AuthorshipInfo` and `GreedyTruckFactor`).
//!
//! **Weights:** the published ones, fitted to source files, not yet recalibrated for decisions
//! (METRICS.md §4): `DOA = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1+AC)`.
//! A person authors a unit iff `DOA/max DOA > 0.75` and (`DOA ≥ 3.293` or FA).
//!
//! Greedy TF: while at least half of the units have a remaining author, remove the person who
//! authors the most units (ties: lowest id, where the Java code used HashMap order); TF = the
//! number removed.
//!
//! Adaptation to decisions (only decided decisions with a decider count):
//! - **unit = stream**: each tag of a decision is a stream of its domain, so a decision with two
//!   tags counts in both; untagged decisions form the domain's own stream ([`Stream::Untagged`]).
//! - **FA**: the domain's designated owner when given, else the stream's first decider (earliest
//!   `decided_at`, ties by decision id).
//! - **DL**: decisions in the stream as decider; with [`DeliveryCredit::WithProposersAndAdvisors`],
//!   plus 0.5 per decision proposed and 0.5 per decision advised (once per decision, never when
//!   the person also decided it).
//! - **AC**: the stream's decisions decided by someone else.
//! - **Organisation TF**: units = domains with decisions; a domain is covered while one of its
//!   authors (of any stream) remains. Dormant domains are left out and counted.

use std::collections::{BTreeMap, BTreeSet};

use crate::decision::{Decision, Response, ResponseKind};
use crate::ids::{DecisionId, DomainId, PersonId};
use crate::metric::{Metric, Undefined};
use crate::text::Keyword;

/// The published DOA weights.
pub const DOA_BASE: f64 = 3.293;
pub const DOA_FIRST_AUTHOR: f64 = 1.098;
pub const DOA_DELIVERIES: f64 = 0.164;
pub const DOA_OTHERS: f64 = 0.321;
/// Authors have a normalised DOA above this.
pub const AUTHOR_SHARE: f64 = 0.75;

/// Degree of authorship.
pub fn degree_of_authorship(first_author: bool, own: f64, others: f64) -> f64 {
    DOA_BASE + DOA_FIRST_AUTHOR * f64::from(u8::from(first_author)) + DOA_DELIVERIES * own
        - DOA_OTHERS * (1.0 + others).ln()
}

/// The authorship rule.
pub fn is_author(doa: f64, max_doa: f64, first_author: bool) -> bool {
    doa / max_doa > AUTHOR_SHARE && (doa >= DOA_BASE || first_author)
}

/// The result of the greedy algorithm.
#[derive(Clone, PartialEq, Debug)]
pub struct TruckFactor<P> {
    pub value: usize,
    /// Who was removed, in order.
    pub removed: Vec<P>,
    /// Share of units with a remaining author: before any removal, then after each.
    pub coverage: Vec<f64>,
    pub units: usize,
}

/// Greedy truck factor over units given by their authors. `NO_ACTS` without units.
pub fn greedy_truck_factor<P: Ord + Clone>(units: &[BTreeSet<P>]) -> Metric<TruckFactor<P>> {
    if units.is_empty() {
        return Err(Undefined::NoActs);
    }
    // Each author's unit count never changes as others are removed, so the removal order is
    // fixed: most units first, then lowest id. Removing one only updates the units they
    // author, which keeps the whole search linear in the authorship entries.
    let mut authored: BTreeMap<&P, Vec<usize>> = BTreeMap::new();
    for (unit, authors) in units.iter().enumerate() {
        for author in authors {
            authored.entry(author).or_default().push(unit);
        }
    }
    let mut order: Vec<(&P, &Vec<usize>)> = authored.iter().map(|(author, units)| (*author, units)).collect();
    order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
    let mut remaining: Vec<usize> = units.iter().map(BTreeSet::len).collect();
    let mut covered = remaining.iter().filter(|n| **n > 0).count();
    let mut removed: Vec<P> = Vec::new();
    let mut coverage = Vec::new();
    let mut next = order.into_iter();
    loop {
        let share = covered as f64 / units.len() as f64;
        coverage.push(share);
        if share < 0.5 {
            break;
        }
        let Some((top, their_units)) = next.next() else { break };
        for &unit in their_units {
            remaining[unit] -= 1;
            if remaining[unit] == 0 {
                covered -= 1;
            }
        }
        removed.push(top.clone());
    }
    Ok(TruckFactor { value: removed.len(), removed, coverage, units: units.len() })
}

/// A decision stream of a domain.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Stream {
    Tag(Keyword),
    /// The domain's untagged decisions.
    Untagged,
}

/// What counts towards DL.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum DeliveryCredit {
    #[default]
    DecidersOnly,
    /// Proposers and advisors earn 0.5 per decision.
    WithProposersAndAdvisors,
}

/// The authors of each stream of each domain that has decided decisions.
pub fn stream_authors(
    decisions: &[Decision],
    responses: &[Response],
    owners: &BTreeMap<DomainId, PersonId>,
    contribution: DeliveryCredit,
) -> BTreeMap<DomainId, BTreeMap<Stream, BTreeSet<PersonId>>> {
    let mut advisors: BTreeMap<&DecisionId, BTreeSet<&PersonId>> = BTreeMap::new();
    if contribution == DeliveryCredit::WithProposersAndAdvisors {
        for response in responses.iter().filter(|response| response.kind == ResponseKind::Advice) {
            advisors.entry(&response.decision).or_default().insert(&response.person);
        }
    }
    let mut streams: BTreeMap<(&DomainId, Stream), Vec<&Decision>> = BTreeMap::new();
    for decision in decisions.iter().filter(|decision| decision.decider.is_some() && decision.decided_at.is_some()) {
        if decision.tags.is_empty() {
            streams.entry((&decision.domain, Stream::Untagged)).or_default().push(decision);
        }
        for tag in &decision.tags {
            streams.entry((&decision.domain, Stream::Tag(tag.clone()))).or_default().push(decision);
        }
    }
    let mut authors: BTreeMap<DomainId, BTreeMap<Stream, BTreeSet<PersonId>>> = BTreeMap::new();
    for ((domain, stream), mut in_stream) in streams {
        in_stream.sort_by(|a, b| a.decided_at.cmp(&b.decided_at).then(a.id.cmp(&b.id)));
        let first = owners.get(domain).or_else(|| in_stream.first().and_then(|decision| decision.decider.as_ref()));
        let mut own: BTreeMap<&PersonId, (usize, f64)> = BTreeMap::new();
        for decision in &in_stream {
            let Some(decider) = decision.decider.as_ref() else { continue };
            let entry = own.entry(decider).or_default();
            entry.0 += 1;
            entry.1 += 1.0;
            if contribution == DeliveryCredit::WithProposersAndAdvisors {
                let helpers = advisors.get(&decision.id).into_iter().flatten().copied();
                let helpers: BTreeSet<&PersonId> =
                    helpers.chain([&decision.proposer]).filter(|person| *person != decider).collect();
                for helper in helpers {
                    own.entry(helper).or_default().1 += 0.5;
                }
            }
        }
        if let Some(first) = first {
            own.entry(first).or_default();
        }
        let total = in_stream.len();
        let doa: Vec<(&PersonId, f64, bool)> = own
            .iter()
            .map(|(&person, &(decided, deliveries))| {
                let first_author = Some(person) == first;
                (person, degree_of_authorship(first_author, deliveries, (total - decided) as f64), first_author)
            })
            .collect();
        let max = doa.iter().map(|&(_, doa, _)| doa).fold(f64::NEG_INFINITY, f64::max);
        let stream_authors: BTreeSet<PersonId> = doa
            .iter()
            .filter(|&&(_, doa, first_author)| is_author(doa, max, first_author))
            .map(|&(person, _, _)| person.clone())
            .collect();
        authors.entry(domain.clone()).or_default().insert(stream, stream_authors);
    }
    authors
}

/// Truck factors per domain over its streams (`NO_ACTS` for a listed domain without decisions)
/// and for the organisation over domains.
#[derive(Clone, PartialEq, Debug)]
pub struct TruckFactors {
    pub by_domain: BTreeMap<DomainId, Metric<TruckFactor<PersonId>>>,
    pub organisation: Metric<TruckFactor<PersonId>>,
    /// Listed domains without decisions, left out of the organisation TF.
    pub dormant_domains: usize,
}

/// M14 for the listed `domains` (plus any domain that has decisions).
pub fn truck_factors(
    domains: &[DomainId],
    decisions: &[Decision],
    responses: &[Response],
    owners: &BTreeMap<DomainId, PersonId>,
    contribution: DeliveryCredit,
) -> TruckFactors {
    let authors = stream_authors(decisions, responses, owners, contribution);
    let mut by_domain: BTreeMap<DomainId, Metric<TruckFactor<PersonId>>> =
        domains.iter().map(|domain| (domain.clone(), Err(Undefined::NoActs))).collect();
    let dormant_domains =
        domains.iter().collect::<BTreeSet<_>>().into_iter().filter(|d| !authors.contains_key(*d)).count();
    let mut domain_units = Vec::new();
    for (domain, streams) in &authors {
        let units: Vec<BTreeSet<PersonId>> = streams.values().cloned().collect();
        domain_units.push(units.iter().flatten().cloned().collect::<BTreeSet<PersonId>>());
        by_domain.insert(domain.clone(), greedy_truck_factor(&units));
    }
    TruckFactors { by_domain, organisation: greedy_truck_factor(&domain_units), dormant_domains }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::latency::tests::decision;

    #[test]
    fn greedy_golden_case_removes_a_then_c() {
        let unit = |authors: &[&'static str]| authors.iter().copied().collect::<BTreeSet<&str>>();
        let units = [unit(&["A", "B"]), unit(&["A"]), unit(&["A", "C"]), unit(&["C"])];
        let tf = greedy_truck_factor(&units).unwrap();
        assert_eq!(tf.value, 2);
        assert_eq!(tf.removed, ["A", "C"]);
        assert_eq!(tf.coverage, [1.0, 0.75, 0.25]);
        assert_eq!(greedy_truck_factor::<&str>(&[]), Err(Undefined::NoActs));
    }

    #[test]
    fn greedy_breaks_ties_by_lowest_id() {
        let units = [BTreeSet::from(["b"]), BTreeSet::from(["a"])];
        assert_eq!(greedy_truck_factor(&units).unwrap().removed, ["a", "b"]);
    }

    #[test]
    fn doa_golden_case() {
        let p = degree_of_authorship(true, 3.0, 1.0);
        let q = degree_of_authorship(false, 1.0, 3.0);
        assert!((p - 4.6605).abs() < 5e-5, "{p}");
        assert!((q - 3.0120).abs() < 5e-5, "{q}");
        assert!((q / p - 0.646).abs() < 5e-4);
        assert!(is_author(p, p, true));
        assert!(!is_author(q, p, false));
    }

    fn decided(id: &str, domain: &str, decider: &str, day: i64, tags: &[&str]) -> Decision {
        Decision {
            decider: Some(decider.parse().unwrap()),
            tags: tags.iter().map(|tag| tag.parse().unwrap()).collect(),
            ..decision(id, domain, 0, Some(day))
        }
    }

    #[test]
    fn domains_run_over_streams_and_the_organisation_over_domains() {
        let decisions = [
            // budget/travel: p first and 3 of 4; q 1 → only p authors.
            decided("1", "budget", "p", 1, &["travel"]),
            decided("2", "budget", "p", 2, &["travel"]),
            decided("3", "budget", "q", 3, &["travel"]),
            decided("4", "budget", "p", 4, &["travel"]),
            // budget, untagged: q alone.
            decided("5", "budget", "q", 5, &[]),
            // hiring: r alone, in two streams at once.
            decided("6", "hiring", "r", 1, &["nurses", "doctors"]),
            decision("7", "hiring", 0, None),
        ];
        let domains: Vec<DomainId> = ["budget", "hiring", "rota"].iter().map(|d| d.parse().unwrap()).collect();
        let result = truck_factors(&domains, &decisions, &[], &BTreeMap::new(), DeliveryCredit::DecidersOnly);
        let budget = result.by_domain[&domains[0]].clone().unwrap();
        // Streams {p}, {q}: remove p (coverage 1 → 0.5), then q (→ 0).
        assert_eq!(budget.removed, ["p".parse::<PersonId>().unwrap(), "q".parse().unwrap()]);
        assert_eq!(result.by_domain[&domains[1]].clone().unwrap().value, 1);
        assert_eq!(result.by_domain[&domains[2]], Err(Undefined::NoActs));
        assert_eq!(result.dormant_domains, 1);
        // Organisation: budget {p, q}, hiring {r}: remove p (still 1), q (0.5), r (0).
        assert_eq!(result.organisation.clone().unwrap().value, 3);

        // With a designated owner q of budget, q is FA of every budget stream.
        let owners = [(domains[0].clone(), "q".parse().unwrap())].into_iter().collect();
        let authors = stream_authors(&decisions, &[], &owners, DeliveryCredit::DecidersOnly);
        let travel = &authors[&domains[0]][&Stream::Tag("travel".parse().unwrap())];
        // p: DOA 3.293 + 0.164·3 − 0.321·ln 2 = 3.5625; q: 3.293 + 1.098 + 0.164 − 0.321·ln 4 = 4.1103.
        // p/q = 0.867 > 0.75 → both author.
        assert_eq!(travel.len(), 2);
    }
}

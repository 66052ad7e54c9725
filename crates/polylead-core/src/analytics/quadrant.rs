//! M19 focus × coordination quadrant — a **heuristic**, not a validated instrument: METRICS.md
//! proposes the rule after Hulsbos et al. (2025), a paper it could not locate, so the labels are
//! neutral and the thresholds are defaults to calibrate against expert-coded teams.
//!
//! - **Focus Φ** (1 = fixed) = mean of: the share of acts (with a domain) whose actor holds a formal
//!   role or right over that domain; the Jaccard similarity of the top-⌈N_eff⌉ leaders of two
//!   consecutive windows; the share of acts (with `planned` known) that were planned.
//! - **Coordination Σ** (1 = structural) = mean of: the share of act dyads along formal ties; AR
//!   (M12); 1 − the share of act dyads along advice ties that are not formal.
//! - An axis is the mean of its **defined** components (the count used is reported); with none
//!   defined the axis is undefined with the first component's reason.
//! - Classes: Φ ≥ .5 fixed / emergent; Σ ≥ .5 structural / relational; within ±0.1 of a threshold
//!   (inclusive) → mixed. Requires ≥ 30 acts and N ≥ 3 (`N_TOO_SMALL`; no acts → `NO_ACTS`).
//!
//! Act dyads are (actor, each distinct co-actor or target other than the actor), unordered.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::BuildHasherDefault;

use super::inequality::{entropy, ranking};
use super::population::{IdHasher, PeopleIndex};
use crate::act::Act;
use crate::ids::{DomainId, PersonId};
use crate::metric::{Metric, Undefined};

/// Thresholds and requirements, echoed in the result.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct QuadrantSettings {
    pub threshold: f64,
    pub mixed_band: f64,
    pub min_acts: usize,
    pub min_population: usize,
}

impl Default for QuadrantSettings {
    fn default() -> QuadrantSettings {
        QuadrantSettings { threshold: 0.5, mixed_band: 0.1, min_acts: 30, min_population: 3 }
    }
}

/// The heuristic's inputs: each axis' three components (any may be undefined).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct QuadrantInputs {
    pub focus: [Metric<f64>; 3],
    pub coordination: [Metric<f64>; 3],
    pub acts: usize,
    pub population: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HeuristicClass {
    /// Q1: Φ ≥ .5, Σ ≥ .5.
    FixedStructural,
    /// Q2: Φ ≥ .5, Σ < .5.
    FixedRelational,
    /// Q3: Φ < .5, Σ ≥ .5.
    EmergentStructural,
    /// Q4: Φ < .5, Σ < .5.
    EmergentRelational,
    /// Φ or Σ within the band around its threshold.
    Mixed,
}

/// The heuristic quadrant of a team or organisation.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct HeuristicQuadrant {
    pub settings: QuadrantSettings,
    pub focus: f64,
    pub coordination: f64,
    /// Defined components averaged into each axis.
    pub focus_components: usize,
    pub coordination_components: usize,
    pub class: HeuristicClass,
}

fn axis(components: &[Metric<f64>; 3]) -> Metric<(f64, usize)> {
    let defined: Vec<f64> = components.iter().filter_map(|component| component.ok()).collect();
    if defined.is_empty() {
        return Err(components.iter().find_map(|component| component.err()).unwrap_or(Undefined::Empty));
    }
    Ok((defined.iter().sum::<f64>() / defined.len() as f64, defined.len()))
}

/// M19, the heuristic classification.
pub fn quadrant(inputs: &QuadrantInputs, settings: QuadrantSettings) -> Metric<HeuristicQuadrant> {
    if inputs.acts == 0 {
        return Err(Undefined::NoActs);
    }
    if inputs.acts < settings.min_acts || inputs.population < settings.min_population {
        return Err(Undefined::NTooSmall);
    }
    let (focus, focus_components) = axis(&inputs.focus)?;
    let (coordination, coordination_components) = axis(&inputs.coordination)?;
    let near = |value: f64| (value - settings.threshold).abs() <= settings.mixed_band + 1e-12;
    let class = match (focus >= settings.threshold, coordination >= settings.threshold) {
        _ if near(focus) || near(coordination) => HeuristicClass::Mixed,
        (true, true) => HeuristicClass::FixedStructural,
        (true, false) => HeuristicClass::FixedRelational,
        (false, true) => HeuristicClass::EmergentStructural,
        (false, false) => HeuristicClass::EmergentRelational,
    };
    Ok(HeuristicQuadrant { settings, focus, coordination, focus_components, coordination_components, class })
}

/// Φ1: share of acts with a domain whose actor holds a formal role or right over it.
pub fn formal_holder_share(acts: &[Act], holders: &BTreeMap<DomainId, BTreeSet<PersonId>>) -> Metric<f64> {
    let (mut with_domain, mut held) = (0usize, 0usize);
    for act in acts {
        let Some(domain) = &act.domain else { continue };
        with_domain += 1;
        held += usize::from(holders.get(domain).is_some_and(|people| people.contains(&act.actor)));
    }
    if with_domain == 0 { Err(Undefined::NoActs) } else { Ok(held as f64 / with_domain as f64) }
}

/// Φ2: Jaccard similarity of the top-⌈N_eff⌉ leaders (people with acts, ties by id) of two
/// windows' activity vectors over the same index.
pub fn top_leader_jaccard(previous: &[f64], current: &[f64]) -> Metric<f64> {
    let top = |values: &[f64]| -> Metric<BTreeSet<usize>> {
        let count = entropy(values)?.effective_leaders.ceil() as usize;
        Ok(ranking(values).into_iter().take(count).filter(|&position| values[position] > 0.0).collect())
    };
    let (before, after) = (top(previous)?, top(current)?);
    let union = before.union(&after).count();
    Ok(before.intersection(&after).count() as f64 / union as f64)
}

/// Φ3: share of acts with `planned` recorded that were planned.
pub fn planned_share(acts: &[Act]) -> Metric<f64> {
    let known: Vec<bool> = acts.iter().filter_map(|act| act.planned).collect();
    if known.is_empty() {
        return Err(Undefined::NoActs);
    }
    Ok(known.iter().filter(|&&planned| planned).count() as f64 / known.len() as f64)
}

/// A set of unordered pairs of indexed people (formal ties, advice ties).
#[derive(Clone, Debug, Default)]
pub struct PairSet(HashSet<(u32, u32), BuildHasherDefault<IdHasher>>);

impl PairSet {
    /// Pairs of people in `index`; pairs naming someone outside it, and self-pairs, are dropped.
    pub fn new<'a>(index: &PeopleIndex, pairs: impl IntoIterator<Item = (&'a PersonId, &'a PersonId)>) -> PairSet {
        PairSet(
            pairs
                .into_iter()
                .filter_map(|(a, b)| Some(ordered(index.index_of(a)?, index.index_of(b)?)))
                .filter(|(a, b)| a != b)
                .collect(),
        )
    }

    pub fn contains(&self, a: u32, b: u32) -> bool {
        self.0.contains(&ordered(a, b))
    }
}

fn ordered(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

/// Σ1 and Σ3's input: among act dyads between indexed people, the share along formal ties and the
/// share along advice ties that are not formal. `NO_TIES` without dyads.
pub fn dyad_shares(acts: &[Act], index: &PeopleIndex, formal: &PairSet, advice: &PairSet) -> Metric<(f64, f64)> {
    let (mut dyads, mut along_formal, mut informal_advice) = (0usize, 0usize, 0usize);
    for act in acts {
        let Some(actor) = index.index_of(&act.actor) else { continue };
        let mut seen: Vec<u32> = Vec::new();
        for other in act.co_actors.iter().chain(&act.targets) {
            let Some(other) = index.index_of(other) else { continue };
            if other == actor || seen.contains(&other) {
                continue;
            }
            seen.push(other);
            dyads += 1;
            let is_formal = formal.contains(actor, other);
            along_formal += usize::from(is_formal);
            informal_advice += usize::from(!is_formal && advice.contains(actor, other));
        }
    }
    if dyads == 0 {
        return Err(Undefined::NoTies);
    }
    Ok((along_formal as f64 / dyads as f64, informal_advice as f64 / dyads as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::population::tests::act;
    use crate::role::Contribution;

    fn inputs(focus: f64, coordination: f64) -> QuadrantInputs {
        QuadrantInputs {
            focus: [Ok(focus), Err(Undefined::NoActs), Ok(focus)],
            coordination: [Ok(coordination); 3],
            acts: 30,
            population: 3,
        }
    }

    #[test]
    fn quadrant_classes_and_the_mixed_band() {
        let class =
            |focus, coordination| quadrant(&inputs(focus, coordination), QuadrantSettings::default()).unwrap().class;
        assert_eq!(class(0.9, 0.9), HeuristicClass::FixedStructural);
        assert_eq!(class(0.9, 0.1), HeuristicClass::FixedRelational);
        assert_eq!(class(0.2, 0.7), HeuristicClass::EmergentStructural);
        assert_eq!(class(0.2, 0.2), HeuristicClass::EmergentRelational);
        assert_eq!(class(0.6, 0.9), HeuristicClass::Mixed);
        assert_eq!(class(0.9, 0.4), HeuristicClass::Mixed);
        assert_eq!(class(0.61, 0.39), HeuristicClass::FixedRelational);
        let result = quadrant(&inputs(0.9, 0.9), QuadrantSettings::default()).unwrap();
        assert_eq!((result.focus_components, result.coordination_components), (2, 3));
        assert_eq!(result.settings, QuadrantSettings::default());
    }

    #[test]
    fn quadrant_needs_enough_acts_and_people() {
        let settings = QuadrantSettings::default();
        assert_eq!(quadrant(&QuadrantInputs { acts: 29, ..inputs(0.9, 0.9) }, settings), Err(Undefined::NTooSmall));
        assert_eq!(
            quadrant(&QuadrantInputs { population: 2, ..inputs(0.9, 0.9) }, settings),
            Err(Undefined::NTooSmall)
        );
        assert_eq!(quadrant(&QuadrantInputs { acts: 0, ..inputs(0.9, 0.9) }, settings), Err(Undefined::NoActs));
        let blind = QuadrantInputs { focus: [Err(Undefined::NoActs); 3], ..inputs(0.9, 0.9) };
        assert_eq!(quadrant(&blind, settings), Err(Undefined::NoActs));
    }

    #[test]
    fn components_from_acts() {
        let people: Vec<PersonId> = ["a", "b", "c", "d"].iter().map(|id| id.parse().unwrap()).collect();
        let index = PeopleIndex::new(&people);
        let mut one = act("1", "a", Contribution::VisionDirection, 0);
        one.targets = vec![people[1].clone(), people[2].clone(), people[0].clone()];
        one.co_actors = vec![people[1].clone()];
        one.domain = Some("budget".parse().unwrap());
        one.planned = Some(true);
        let mut two = act("2", "d", Contribution::VisionDirection, 0);
        two.targets = vec![people[0].clone()];
        two.domain = Some("budget".parse().unwrap());
        two.planned = Some(false);
        let acts = [one, two];
        // Dyads: a-b, a-c, d-a. Formal: a-b. Advice: c→a (informal), a-b (formal).
        let formal = PairSet::new(&index, [(&people[1], &people[0])]);
        let advice = PairSet::new(&index, [(&people[2], &people[0]), (&people[0], &people[1])]);
        let (formal_share, informal) = dyad_shares(&acts, &index, &formal, &advice).unwrap();
        assert!((formal_share - 1.0 / 3.0).abs() < 1e-12);
        assert!((informal - 1.0 / 3.0).abs() < 1e-12);
        let holders = [("budget".parse().unwrap(), [people[0].clone()].into_iter().collect())].into_iter().collect();
        assert_eq!(formal_holder_share(&acts, &holders), Ok(0.5));
        assert_eq!(planned_share(&acts), Ok(0.5));
        assert_eq!(planned_share(&[]), Err(Undefined::NoActs));
        assert_eq!(dyad_shares(&[], &index, &formal, &advice), Err(Undefined::NoTies));
        // N_eff 2 each: tops {0, 1} and {1, 2} → 1/3.
        assert_eq!(top_leader_jaccard(&[5.0, 5.0, 0.0], &[0.0, 5.0, 5.0]), Ok(1.0 / 3.0));
    }
}

//! M12 decided at the appropriate level.
//!
//! Inputs: decided decisions, `Acc(d)` (the RACI "A" holders per domain, resolved to people by the
//! caller), the delegations, people's formal levels, and optional explicit subsidiarity levels.
//!
//! - A decision is **appropriate** when its decider is in `Acc(d)` or holds a delegation of `d` in
//!   force at `decided_at`. `AR` = appropriate / counted decisions.
//! - `lvl(p)` is the person's declared formal level ([`Person::level`], 0 = head). A decider with
//!   no level (or unknown to `people`) is **outside the tree**: left out of EX and the shares and
//!   counted in [`Appropriateness::outside_tree`] (still counted in AR, which needs no level).
//! - `lvl*(d)` = the explicit subsidiarity level when given, else `min lvl(Acc(d))`.
//! - `EX = mean(lvl*(d) − lvl(decider))`: positive = decided higher up than designed.
//! - Among decisions with both levels known: **escalation share** = inappropriate and decided
//!   higher up than designed (`lvl < lvl*`); **bypass share** = inappropriate and decided at or
//!   below the designed level (the right holders were passed over). METRICS.md names these shares
//!   without defining them; this split is our reading.
//! - A domain with no "A" holder is `UNDEFINED_RIGHTS`, a finding: its decisions are left out of
//!   AR, EX and the shares and listed per domain.
//!
//! Only decisions with a decider and a `decided_at` count.

use std::collections::{BTreeMap, BTreeSet};

use crate::decision::Decision;
use crate::domain::Delegation;
use crate::ids::{DomainId, PersonId};
use crate::metric::{Metric, Undefined};
use crate::person::Person;

/// M12 for the organisation, with a per-domain AR.
#[derive(Clone, PartialEq, Debug)]
pub struct Appropriateness {
    /// Decisions counted in AR (decided, with a decider, in a domain with defined rights).
    pub decisions: usize,
    pub rate: Metric<f64>,
    pub escalation_index: Metric<f64>,
    pub escalation_share: Metric<f64>,
    pub bypass_share: Metric<f64>,
    /// Counted decisions whose decider has no formal level.
    pub outside_tree: usize,
    /// Decisions left out because their domain has no "A" holder.
    pub undefined_rights_decisions: usize,
    /// AR per domain that has decisions; `UNDEFINED_RIGHTS` for domains nobody is accountable for.
    pub by_domain: BTreeMap<DomainId, Metric<f64>>,
}

/// Computes M12. `accountable` maps each domain to `Acc(d)`; a missing or empty entry is undefined
/// rights. `subsidiarity` optionally overrides `lvl*(d)`.
pub fn appropriateness(
    decisions: &[Decision],
    accountable: &BTreeMap<DomainId, BTreeSet<PersonId>>,
    delegations: &[Delegation],
    people: &[Person],
    subsidiarity: &BTreeMap<DomainId, u8>,
) -> Appropriateness {
    let levels: BTreeMap<&PersonId, u8> =
        people.iter().filter_map(|person| Some((&person.id, person.level?))).collect();
    let designed_level = |domain: &DomainId, holders: &BTreeSet<PersonId>| {
        subsidiarity.get(domain).copied().or_else(|| holders.iter().filter_map(|id| levels.get(id).copied()).min())
    };
    let mut per_domain: BTreeMap<&DomainId, (usize, usize)> = BTreeMap::new();
    let mut undefined: BTreeSet<&DomainId> = BTreeSet::new();
    let (mut counted, mut appropriate, mut outside_tree, mut undefined_rights_decisions) = (0, 0, 0, 0);
    let (mut level_gap_sum, mut levelled, mut escalated, mut bypassed) = (0i64, 0usize, 0usize, 0usize);
    for decision in decisions {
        let (Some(decider), Some(decided_at)) = (&decision.decider, decision.decided_at) else { continue };
        let Some(holders) = accountable.get(&decision.domain).filter(|holders| !holders.is_empty()) else {
            undefined.insert(&decision.domain);
            undefined_rights_decisions += 1;
            continue;
        };
        let delegated = delegations.iter().any(|delegation| {
            delegation.domain == decision.domain
                && delegation.delegate == *decider
                && delegation.is_in_force_at(decided_at)
        });
        let fits = holders.contains(decider) || delegated;
        counted += 1;
        appropriate += usize::from(fits);
        let entry = per_domain.entry(&decision.domain).or_default();
        entry.0 += 1;
        entry.1 += usize::from(fits);
        let Some(&decider_level) = levels.get(decider) else {
            outside_tree += 1;
            continue;
        };
        if let Some(designed) = designed_level(&decision.domain, holders) {
            level_gap_sum += i64::from(designed) - i64::from(decider_level);
            levelled += 1;
            if !fits {
                if decider_level < designed {
                    escalated += 1;
                } else {
                    bypassed += 1;
                }
            }
        }
    }
    let ratio =
        |part: usize, whole: usize| if whole == 0 { Err(Undefined::Empty) } else { Ok(part as f64 / whole as f64) };
    let mut by_domain: BTreeMap<DomainId, Metric<f64>> =
        per_domain.into_iter().map(|(domain, (all, fit))| (domain.clone(), ratio(fit, all))).collect();
    by_domain.extend(undefined.into_iter().map(|domain| (domain.clone(), Err(Undefined::UndefinedRights))));
    let rate = if counted == 0 && undefined_rights_decisions > 0 {
        Err(Undefined::UndefinedRights)
    } else {
        ratio(appropriate, counted)
    };
    Appropriateness {
        decisions: counted,
        rate,
        escalation_index: if levelled == 0 {
            Err(Undefined::Empty)
        } else {
            Ok(level_gap_sum as f64 / levelled as f64)
        },
        escalation_share: ratio(escalated, levelled),
        bypass_share: ratio(bypassed, levelled),
        outside_tree,
        undefined_rights_decisions,
        by_domain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::latency::tests::decision;
    use crate::analytics::population::tests::{at, person};

    fn levelled(id: &str, level: Option<u8>) -> Person {
        Person { level, ..person(id) }
    }

    fn decided_by(id: &str, domain: &str, decider: &str, day: i64) -> Decision {
        Decision { decider: Some(decider.parse().unwrap()), ..decision(id, domain, 0, Some(day)) }
    }

    #[test]
    fn appropriateness_counts_holders_delegates_escalations_and_bypasses() {
        let people = [
            levelled("ceo", Some(0)),
            levelled("lead", Some(1)),
            levelled("nurse", Some(2)),
            levelled("peer", Some(1)),
            levelled("guest", None),
        ];
        let accountable: BTreeMap<DomainId, BTreeSet<PersonId>> =
            [("budget".parse().unwrap(), ["lead".parse().unwrap()].into_iter().collect())].into_iter().collect();
        let delegations = [Delegation {
            id: "del".parse().unwrap(),
            domain: "budget".parse().unwrap(),
            delegate: "nurse".parse().unwrap(),
            delegated_by: None,
            starts_at: at(0),
            ends_at: at(10),
            note: None,
        }];
        let decisions = [
            decided_by("1", "budget", "lead", 1),   // holder: appropriate, gap 0
            decided_by("2", "budget", "nurse", 5),  // delegate in force: appropriate, gap −1
            decided_by("3", "budget", "nurse", 12), // delegation over: bypass, gap −1
            decided_by("4", "budget", "ceo", 2),    // escalated, gap +1
            decided_by("5", "budget", "peer", 2),   // same level, not holder: bypass, gap 0
            decided_by("6", "budget", "guest", 2),  // outside the tree
            decided_by("7", "rota", "lead", 2),     // nobody accountable
            decision("8", "budget", 0, None),       // open: not counted
        ];
        let result = appropriateness(&decisions, &accountable, &delegations, &people, &BTreeMap::new());
        assert_eq!(result.decisions, 6);
        assert_eq!(result.rate, Ok(2.0 / 6.0));
        assert_eq!(result.outside_tree, 1);
        assert_eq!(result.escalation_index, Ok(-1.0 / 5.0));
        assert_eq!(result.escalation_share, Ok(1.0 / 5.0));
        assert_eq!(result.bypass_share, Ok(2.0 / 5.0));
        assert_eq!(result.undefined_rights_decisions, 1);
        assert_eq!(result.by_domain[&"rota".parse::<DomainId>().unwrap()], Err(Undefined::UndefinedRights));
        assert_eq!(result.by_domain[&"budget".parse::<DomainId>().unwrap()], Ok(2.0 / 6.0));

        let subsidiarity = [("budget".parse().unwrap(), 2)].into_iter().collect();
        let designed_lower = appropriateness(&decisions, &accountable, &delegations, &people, &subsidiarity);
        assert_eq!(designed_lower.escalation_index, Ok(4.0 / 5.0));
    }

    #[test]
    fn appropriateness_without_rights_or_decisions_is_undefined() {
        let none = appropriateness(&[], &BTreeMap::new(), &[], &[], &BTreeMap::new());
        assert_eq!(none.rate, Err(Undefined::Empty));
        assert_eq!(none.escalation_index, Err(Undefined::Empty));
        let unowned = appropriateness(&[decided_by("1", "rota", "x", 1)], &BTreeMap::new(), &[], &[], &BTreeMap::new());
        assert_eq!(unowned.rate, Err(Undefined::UndefinedRights));
    }
}

//! What-if scenarios (issue 4): what breaks if people leave, what changes if a domain's right
//! moves to another role, and who the key players are (METRICS.md M14, M15).
//!
//! Pure: the time is a parameter. Leaving is simulated by marking the people as left on the
//! day of `at` and re-resolving the rights, so every answer comes from the rules engine and
//! the `analytics`/`network` functions the report uses; nothing is guessed.
//!
//! Scope, as in the report: the network is the undirected advice ∪ acts graph of the members in
//! the [`ReportSettings::DEFAULT_WINDOW_DAYS`] days ending at `at`, and the truck factor runs
//! over the decisions decided in that window.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::analytics::Window;
use crate::analytics::truck_factor::{DeliveryCredit, greedy_truck_factor, stream_authors};
use crate::dataset::Dataset;
use crate::decision::{Decision, DecisionStatus};
use crate::domain::{Holder, Party};
use crate::error::ValidationError;
use crate::ids::{DecisionId, DomainId, PersonId, RoleId, RuleId, TeamId};
use crate::metric::{Metric, Undefined};
use crate::network::fragmentation::{
    KeyPlayerObjective, KeyPlayerOptions, Search, distance_fragmentation, fragmentation, key_players as search,
};
use crate::network::{Estimate, NodeMask};
use crate::report::{ReportSettings, accountable, networks, search_note, sole_owners};
use crate::rights::{Organisation, Question, resolve_deciders};

/// A value before and after the change.
#[derive(Clone, PartialEq, Debug)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
}

impl Change<Metric<f64>> {
    /// `after − before`, when both are defined.
    pub fn delta(&self) -> Option<f64> {
        Some(self.after.as_ref().ok()? - self.before.as_ref().ok()?)
    }
}

impl Change<Metric<Estimate>> {
    /// `after − before`, when both are defined.
    pub fn delta(&self) -> Option<f64> {
        Some(self.after.as_ref().ok()?.value - self.before.as_ref().ok()?.value)
    }
}

/// A rule whose party had someone before and stands for nobody after.
#[derive(Clone, PartialEq, Debug)]
pub struct VacantRule {
    pub domain: DomainId,
    pub rule: RuleId,
    pub party: Party,
}

/// A domain left without anyone to hold or decide it.
#[derive(Clone, PartialEq, Debug)]
pub struct OrphanedDomain {
    pub domain: DomainId,
    pub team: Option<TeamId>,
    /// The holder (its role's fillers or team's members) is nobody now.
    pub holder_vacant: bool,
    /// Rules whose decider stands for nobody now, in order.
    pub rules: Vec<RuleId>,
}

/// An open or escalated decision that nobody may now take.
#[derive(Clone, PartialEq, Debug)]
pub struct StrandedDecision {
    pub decision: DecisionId,
    pub domain: DomainId,
    pub status: DecisionStatus,
    /// Who could decide (open) or take the escalation (escalated) before.
    pub before: Vec<PersonId>,
    /// Why nobody is left: the findings of the rights resolved after, by code.
    pub findings: Vec<String>,
}

/// A team touched by the departures.
#[derive(Clone, PartialEq, Debug)]
pub struct AffectedTeam {
    pub team: TeamId,
    /// Leaving members (by primary team or by a role in the team).
    pub leaving: Vec<PersonId>,
    pub orphaned_roles: Vec<RoleId>,
    pub orphaned_domains: Vec<DomainId>,
}

/// What happens if some people leave at `at`.
#[derive(Clone, PartialEq, Debug)]
pub struct LeaveImpact {
    pub at: Timestamp,
    pub leaving: Vec<PersonId>,
    /// Roles that had a current filler and have none after.
    pub orphaned_roles: Vec<RoleId>,
    pub orphaned_domains: Vec<OrphanedDomain>,
    /// Rules whose escalation party stands for nobody after.
    pub vacant_escalations: Vec<VacantRule>,
    pub stranded_decisions: Vec<StrandedDecision>,
    /// M15 F on the undirected advice ∪ acts network, with the leavers masked.
    pub fragmentation: Change<Metric<f64>>,
    /// M15 DF on the same network.
    pub distance_fragmentation: Change<Metric<Estimate>>,
    /// M14 organisation truck factor.
    pub truck_factor: Change<Metric<usize>>,
    pub teams_affected: Vec<AffectedTeam>,
}

/// Who decides under one rule (or under the holder, for a domain without rules).
#[derive(Clone, PartialEq, Debug)]
pub struct RuleDeciders {
    /// `None` for a domain without rules: then the holder's people are shown.
    pub rule: Option<RuleId>,
    pub decider: Party,
    pub people: Change<Vec<PersonId>>,
}

/// A pending decision whose deciders change.
#[derive(Clone, PartialEq, Debug)]
pub struct RedirectedDecision {
    pub decision: DecisionId,
    pub status: DecisionStatus,
    pub deciders: Change<Vec<PersonId>>,
}

/// What happens if `domain`'s holder becomes `role:to`.
#[derive(Clone, PartialEq, Debug)]
pub struct MoveImpact {
    pub at: Timestamp,
    pub domain: DomainId,
    pub holder: Change<Party>,
    pub team: Change<Option<TeamId>>,
    pub rules: Vec<RuleDeciders>,
    pub pending: Vec<RedirectedDecision>,
    /// `Acc(d)`: the people accountable for the domain.
    pub accountable: Change<Vec<PersonId>>,
    pub truck_factor: Change<Metric<usize>>,
}

/// The best set of one size and what its leaving does.
#[derive(Clone, PartialEq, Debug)]
pub struct KeyPlayerSet {
    pub people: Vec<PersonId>,
    pub fragmentation: Change<Metric<f64>>,
    pub distance_fragmentation: Change<Metric<Estimate>>,
    pub search: Search,
    /// Set when the search was a heuristic.
    pub note: Option<String>,
}

/// Key players for set sizes 1..=k, by each objective.
#[derive(Clone, PartialEq, Debug)]
pub struct KeyPlayersImpact {
    pub at: Timestamp,
    pub k: usize,
    /// People in the network searched.
    pub network_people: usize,
    /// Sets maximising F.
    pub by_fragmentation: Metric<Vec<KeyPlayerSet>>,
    /// Sets maximising DF.
    pub by_distance_fragmentation: Metric<Vec<KeyPlayerSet>>,
}

/// The largest key-player set searched (M15: k = 1..3).
pub const MAX_KEY_PLAYERS: usize = 3;

/// What breaks if `leaving` leave at `at`. Fails when the list is empty or names an unknown person.
pub fn leave(data: &Dataset, leaving: &[PersonId], at: Timestamp) -> Result<LeaveImpact, ValidationError> {
    if leaving.is_empty() {
        return Err(ValidationError::new("name at least one person who leaves"));
    }
    let known: BTreeSet<&PersonId> = data.people.iter().map(|p| &p.id).collect();
    if let Some(unknown) = leaving.iter().find(|id| !known.contains(id)) {
        return Err(ValidationError::new(format!("there is no person {unknown}")));
    }
    let gone: BTreeSet<PersonId> = leaving.iter().cloned().collect();
    let after_data = without(data, &gone, at);
    let (before, after) = (Organisation::new(data), Organisation::new(&after_data));

    // The roles with at least one filler who is a member at `at`, before and after.
    let filled = |data: &Dataset| -> BTreeSet<RoleId> {
        let day = at.to_zoned(TimeZone::UTC).date();
        let members: BTreeSet<&PersonId> = data.people.iter().filter(|p| p.is_member_on(day)).map(|p| &p.id).collect();
        data.fillers.iter().filter(|f| members.contains(&f.person)).map(|f| f.role.clone()).collect()
    };
    let (filled_before, filled_after) = (filled(data), filled(&after_data));
    let orphaned_roles: Vec<RoleId> = data
        .roles
        .iter()
        .filter(|role| filled_before.contains(&role.id) && !filled_after.contains(&role.id))
        .map(|role| role.id.clone())
        .collect();

    let mut orphaned_domains = Vec::new();
    let mut vacant_escalations = Vec::new();
    for domain in &data.domains {
        let emptied = |party: &Party| {
            !before.people_of(party, domain, at).is_empty() && after.people_of(party, domain, at).is_empty()
        };
        let holder_vacant = emptied(&Party::Holder);
        let rules: Vec<RuleId> =
            before.rules(&domain.id).iter().filter(|rule| emptied(&rule.decider)).map(|rule| rule.id.clone()).collect();
        for rule in before.rules(&domain.id) {
            if let Some(party) = rule.escalate_to.as_ref().filter(|party| emptied(party)) {
                vacant_escalations.push(VacantRule {
                    domain: domain.id.clone(),
                    rule: rule.id.clone(),
                    party: party.clone(),
                });
            }
        }
        if holder_vacant || !rules.is_empty() {
            orphaned_domains.push(OrphanedDomain {
                domain: domain.id.clone(),
                team: before.team_of(domain).cloned(),
                holder_vacant,
                rules,
            });
        }
    }

    let mut stranded_decisions = Vec::new();
    for decision in pending(data) {
        let (Some(was), Some(now)) = (rights(&before, decision, at), rights(&after, decision, at)) else {
            continue;
        };
        let who = |answer: &crate::rights::Answer| -> Vec<PersonId> {
            if decision.status == DecisionStatus::Escalated {
                answer.escalation.as_ref().map(|e| e.people.clone()).unwrap_or_default()
            } else {
                answer.deciders.iter().map(|d| d.person.clone()).collect()
            }
        };
        let (was_people, now_people) = (who(&was), who(&now));
        if !was_people.is_empty() && now_people.is_empty() {
            stranded_decisions.push(StrandedDecision {
                decision: decision.id.clone(),
                domain: decision.domain.clone(),
                status: decision.status,
                before: was_people,
                findings: now.findings.iter().map(|f| f.code().to_owned()).collect(),
            });
        }
    }

    let settings = ReportSettings::ending(at);
    let window = Window::ending(at, i64::from(settings.window_days));
    let (members, _, union) = networks(data, &window);
    let removed: Vec<u32> = gone.iter().filter_map(|id| members.index_of(id)).collect();
    let intact = NodeMask::keep_all(union.node_count());
    let mask = NodeMask::removing(union.node_count(), &removed);
    // As in the report: people but no ties is about missing ties, not a fragmented network.
    let no_ties = union.node_count() > 0 && union.edge_count() == 0;
    let tied = |metric| if no_ties { Err(Undefined::NoTies) } else { metric };
    let fragmentation =
        Change { before: tied(fragmentation(&union, &intact)), after: tied(fragmentation(&union, &mask)) };
    let distance_fragmentation = Change {
        before: tied_estimate(no_ties, distance_fragmentation(&union, &intact, &settings.sampling)),
        after: tied_estimate(no_ties, distance_fragmentation(&union, &mask, &settings.sampling)),
    };
    let truck_factor = Change {
        before: truck_factor(data, &before, &window, &BTreeSet::new()),
        after: truck_factor(&after_data, &after, &window, &gone),
    };

    let mut teams: BTreeMap<TeamId, AffectedTeam> = BTreeMap::new();
    let role_team: BTreeMap<&RoleId, &TeamId> = data.roles.iter().map(|r| (&r.id, &r.team)).collect();
    for person in data.people.iter().filter(|p| gone.contains(&p.id)) {
        let mut their: BTreeSet<&TeamId> = person.team.iter().collect();
        their.extend(data.fillers.iter().filter(|f| f.person == person.id).filter_map(|f| role_team.get(&f.role)));
        for id in their {
            touch(&mut teams, id).leaving.push(person.id.clone());
        }
    }
    for role in &orphaned_roles {
        if let Some(id) = role_team.get(role) {
            touch(&mut teams, id).orphaned_roles.push(role.clone());
        }
    }
    for domain in &orphaned_domains {
        if let Some(id) = &domain.team {
            touch(&mut teams, id).orphaned_domains.push(domain.domain.clone());
        }
    }

    Ok(LeaveImpact {
        at,
        leaving: gone.into_iter().collect(),
        orphaned_roles,
        orphaned_domains,
        vacant_escalations,
        stranded_decisions,
        fragmentation,
        distance_fragmentation,
        truck_factor,
        teams_affected: teams.into_values().collect(),
    })
}

/// What changes if `domain`'s holder becomes `role:to_role` at `at`. Fails for an unknown domain
/// or role.
pub fn move_domain(
    data: &Dataset,
    domain: &DomainId,
    to_role: &RoleId,
    at: Timestamp,
) -> Result<MoveImpact, ValidationError> {
    if !data.domains.iter().any(|d| &d.id == domain) {
        return Err(ValidationError::new(format!("there is no domain {domain}")));
    }
    if !data.roles.iter().any(|r| &r.id == to_role) {
        return Err(ValidationError::new(format!("there is no role {to_role}")));
    }
    let mut after_data = data.clone();
    for d in after_data.domains.iter_mut().filter(|d| &d.id == domain) {
        d.holder = Holder::Role(to_role.clone());
    }
    let (before, after) = (Organisation::new(data), Organisation::new(&after_data));
    let (Some(was), Some(now)) = (before.domain(domain), after.domain(domain)) else {
        return Err(ValidationError::new(format!("there is no domain {domain}")));
    };
    let rules = if before.rules(domain).is_empty() {
        vec![RuleDeciders {
            rule: None,
            decider: Party::Holder,
            people: Change {
                before: before.people_of(&Party::Holder, was, at),
                after: after.people_of(&Party::Holder, now, at),
            },
        }]
    } else {
        before
            .rules(domain)
            .iter()
            .map(|rule| RuleDeciders {
                rule: Some(rule.id.clone()),
                decider: rule.decider.clone(),
                people: Change {
                    before: before.people_of(&rule.decider, was, at),
                    after: after.people_of(&rule.decider, now, at),
                },
            })
            .collect()
    };
    let mut redirected = Vec::new();
    for decision in pending(data).filter(|d| &d.domain == domain) {
        let deciders = |answer: Option<crate::rights::Answer>| -> Vec<PersonId> {
            answer.map(|a| a.deciders.into_iter().map(|d| d.person).collect()).unwrap_or_default()
        };
        let change =
            Change { before: deciders(rights(&before, decision, at)), after: deciders(rights(&after, decision, at)) };
        if change.before != change.after {
            redirected.push(RedirectedDecision {
                decision: decision.id.clone(),
                status: decision.status,
                deciders: change,
            });
        }
    }
    let window = Window::ending(at, i64::from(ReportSettings::DEFAULT_WINDOW_DAYS));
    let accountable_in = |data: &Dataset, organisation: &Organisation| -> Vec<PersonId> {
        accountable(data, organisation, at)
            .remove(domain)
            .map(|people| people.into_iter().collect())
            .unwrap_or_default()
    };
    Ok(MoveImpact {
        at,
        domain: domain.clone(),
        holder: Change { before: Party::from(&was.holder), after: Party::from(&now.holder) },
        team: Change { before: before.team_of(was).cloned(), after: after.team_of(now).cloned() },
        rules,
        pending: redirected,
        accountable: Change { before: accountable_in(data, &before), after: accountable_in(&after_data, &after) },
        truck_factor: Change {
            before: truck_factor(data, &before, &window, &BTreeSet::new()),
            after: truck_factor(&after_data, &after, &window, &BTreeSet::new()),
        },
    })
}

/// The `k` people whose leaving fragments the advice ∪ acts network most (M15), for set sizes
/// 1..=k: exhaustive up to 40 people, Borgatti's greedy swap beyond (labelled). Fails unless
/// 1 ≤ k ≤ [`MAX_KEY_PLAYERS`].
pub fn key_players(data: &Dataset, k: usize, at: Timestamp) -> Result<KeyPlayersImpact, ValidationError> {
    if !(1..=MAX_KEY_PLAYERS).contains(&k) {
        return Err(ValidationError::new(format!("k must be between 1 and {MAX_KEY_PLAYERS}, got {k}")));
    }
    let settings = ReportSettings::ending(at);
    let window = Window::ending(at, i64::from(settings.window_days));
    let (members, _, union) = networks(data, &window);
    let options = KeyPlayerOptions {
        max_set_size: k,
        exhaustive_up_to: settings.key_player_exhaustive_up_to,
        sampling: settings.key_player_sampling,
        ..KeyPlayerOptions::default()
    };
    let intact = NodeMask::keep_all(union.node_count());
    let run = |objective| -> Metric<Vec<KeyPlayerSet>> {
        // As in the report: people but no ties is about missing ties, not a fragmented network.
        if union.node_count() > 0 && union.edge_count() == 0 {
            return Err(Undefined::NoTies);
        }
        let found = search(&union, objective, &options)?;
        Ok(found
            .best
            .iter()
            .map(|set| {
                let mask = NodeMask::removing(union.node_count(), &set.nodes);
                KeyPlayerSet {
                    people: set.nodes.iter().filter_map(|&v| members.id(v).cloned()).collect(),
                    fragmentation: Change {
                        before: fragmentation(&union, &intact),
                        after: fragmentation(&union, &mask),
                    },
                    distance_fragmentation: Change {
                        before: distance_fragmentation(&union, &intact, &settings.sampling),
                        after: distance_fragmentation(&union, &mask, &settings.sampling),
                    },
                    search: set.search,
                    note: search_note(set.search),
                }
            })
            .collect())
    };
    Ok(KeyPlayersImpact {
        at,
        k,
        network_people: members.len(),
        by_fragmentation: run(KeyPlayerObjective::Fragmentation),
        by_distance_fragmentation: run(KeyPlayerObjective::DistanceFragmentation),
    })
}

/// `data` with `gone` marked as left on the day of `at` (kept if they left earlier).
fn without(data: &Dataset, gone: &BTreeSet<PersonId>, at: Timestamp) -> Dataset {
    let day = at.to_zoned(TimeZone::UTC).date();
    let mut after = data.clone();
    for person in after.people.iter_mut().filter(|p| gone.contains(&p.id)) {
        person.left = Some(person.left.map_or(day, |left| left.min(day)));
    }
    after
}

fn tied_estimate(no_ties: bool, metric: Metric<Estimate>) -> Metric<Estimate> {
    if no_ties { Err(Undefined::NoTies) } else { metric }
}

/// The entry of team `id`, empty at first.
fn touch<'a>(teams: &'a mut BTreeMap<TeamId, AffectedTeam>, id: &TeamId) -> &'a mut AffectedTeam {
    teams.entry(id.clone()).or_insert_with(|| AffectedTeam {
        team: id.clone(),
        leaving: Vec::new(),
        orphaned_roles: Vec::new(),
        orphaned_domains: Vec::new(),
    })
}

/// Open and escalated decisions: the ones that still need someone to decide.
fn pending(data: &Dataset) -> impl Iterator<Item = &Decision> {
    data.decisions.iter().filter(|d| matches!(d.status, DecisionStatus::Open | DecisionStatus::Escalated))
}

/// The decision's rights resolved at `at`; `None` when its domain is gone or its stored
/// attributes no longer make a valid question (e.g. its scope team was removed): such a
/// decision is left out rather than failing the whole scenario.
fn rights(organisation: &Organisation, decision: &Decision, at: Timestamp) -> Option<crate::rights::Answer> {
    let question = Question {
        domain: decision.domain.clone(),
        attributes: crate::condition::Attributes {
            amount: decision.amount,
            scope: decision.scope.clone(),
            tags: decision.tags.clone(),
        },
        asker: None,
        at,
    };
    resolve_deciders(organisation, &question).ok()
}

/// M14 organisation truck factor over the window's decided decisions, with `gone` no longer
/// authors; owners are the domains' sole accountable people in `organisation`.
fn truck_factor(
    data: &Dataset,
    organisation: &Organisation,
    window: &Window,
    gone: &BTreeSet<PersonId>,
) -> Metric<usize> {
    let decided: Vec<Decision> =
        data.decisions.iter().filter(|d| d.decided_at.is_some_and(|at| window.contains(at))).cloned().collect();
    let owners = sole_owners(&accountable(data, organisation, window.to()));
    let authors = stream_authors(&decided, &data.responses, &owners, DeliveryCredit::DecidersOnly);
    let units: Vec<BTreeSet<PersonId>> = authors
        .values()
        .map(|streams| streams.values().flatten().filter(|p| !gone.contains(*p)).cloned().collect())
        .collect();
    greedy_truck_factor(&units).map(|tf| tf.value)
}

#[cfg(test)]
mod tests;

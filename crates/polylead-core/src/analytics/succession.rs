//! M16 succession coverage. The model has no succession entity yet, so the inputs are plain
//! structs the caller fills: critical roles (roles holding an "A" right, plus roles flagged
//! critical), nominations, capability ratings and who exercised which domain when.
//!
//! A **ready successor** of a role is someone who is not an incumbent, is nominated for it, whose
//! latest rating for it says capable, and who exercised the role's domains in the 180 days up to
//! `now` (any one of them by default, or every one — [`ExerciseRule`]; a role without domains
//! needs no exercise).
//! - coverage = roles with ≥ 1 ready successor / |CR|; bench strength = mean ready successors per role;
//! - **single-point roles**: incumbents + ready successors ≤ 1 (one person, or nobody, can do it);
//! - successors counted as ready for more than 3 roles are flagged (over-relied on).
//!
//! |CR| = 0 → `EMPTY`.

use std::collections::{BTreeMap, BTreeSet};

use jiff::{SignedDuration, Timestamp};

use crate::ids::{DomainId, PersonId, RoleId};
use crate::metric::{Metric, Undefined};

/// A critical role, its domains and who fills it now.
#[derive(Clone, PartialEq, Debug)]
pub struct CriticalRole {
    pub role: RoleId,
    pub domains: Vec<DomainId>,
    pub incumbents: Vec<PersonId>,
}

/// Someone nominated as a successor for a role.
#[derive(Clone, PartialEq, Debug)]
pub struct Nomination {
    pub role: RoleId,
    pub person: PersonId,
}

/// A capability rating of a person for a role; the latest one counts.
#[derive(Clone, PartialEq, Debug)]
pub struct Rating {
    pub role: RoleId,
    pub person: PersonId,
    pub capable: bool,
    pub rated_at: Timestamp,
}

/// A person exercising a domain (deciding, or acting in it) at a time.
#[derive(Clone, PartialEq, Debug)]
pub struct Exercise {
    pub person: PersonId,
    pub domain: DomainId,
    pub at: Timestamp,
}

/// How much of a role's domains a successor must have exercised recently.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ExerciseRule {
    #[default]
    AnyDomain,
    EveryDomain,
}

/// Configurable settings, echoed in the result.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct SuccessionSettings {
    /// Days back from `now` an exercise counts (180).
    pub recency_days: i64,
    pub exercise: ExerciseRule,
    /// Flag successors ready for more roles than this (3).
    pub max_roles_per_successor: usize,
}

impl Default for SuccessionSettings {
    fn default() -> SuccessionSettings {
        SuccessionSettings { recency_days: 180, exercise: ExerciseRule::AnyDomain, max_roles_per_successor: 3 }
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Succession {
    pub settings: SuccessionSettings,
    pub coverage: f64,
    pub bench_strength: f64,
    pub ready: BTreeMap<RoleId, Vec<PersonId>>,
    pub single_point_roles: Vec<RoleId>,
    /// Successors ready for more than `max_roles_per_successor` roles, with their count.
    pub overloaded_successors: BTreeMap<PersonId, usize>,
}

/// M16.
pub fn succession(
    roles: &[CriticalRole],
    nominations: &[Nomination],
    ratings: &[Rating],
    exercises: &[Exercise],
    now: Timestamp,
    settings: SuccessionSettings,
) -> Metric<Succession> {
    if roles.is_empty() {
        return Err(Undefined::Empty);
    }
    let since =
        now.saturating_sub(SignedDuration::from_hours(24 * settings.recency_days.max(0))).unwrap_or(Timestamp::MIN);
    let recent: BTreeSet<(&PersonId, &DomainId)> = exercises
        .iter()
        .filter(|exercise| since <= exercise.at && exercise.at <= now)
        .map(|exercise| (&exercise.person, &exercise.domain))
        .collect();
    let mut latest: BTreeMap<(&RoleId, &PersonId), (Timestamp, bool)> = BTreeMap::new();
    for rating in ratings.iter().filter(|rating| rating.rated_at <= now) {
        let entry = latest.entry((&rating.role, &rating.person)).or_insert((rating.rated_at, rating.capable));
        if rating.rated_at >= entry.0 {
            *entry = (rating.rated_at, rating.capable);
        }
    }
    let mut ready: BTreeMap<RoleId, Vec<PersonId>> = BTreeMap::new();
    let mut single_point_roles = Vec::new();
    let mut per_successor: BTreeMap<PersonId, usize> = BTreeMap::new();
    for role in roles {
        let exercised = |person: &PersonId| {
            let mut domains = role.domains.iter().map(|domain| recent.contains(&(person, domain)));
            match settings.exercise {
                _ if role.domains.is_empty() => true,
                ExerciseRule::AnyDomain => domains.any(|done| done),
                ExerciseRule::EveryDomain => domains.all(|done| done),
            }
        };
        let successors: BTreeSet<&PersonId> = nominations
            .iter()
            .filter(|nomination| nomination.role == role.role && !role.incumbents.contains(&nomination.person))
            .map(|nomination| &nomination.person)
            .filter(|&person| latest.get(&(&role.role, person)).is_some_and(|&(_, capable)| capable))
            .filter(|&person| exercised(person))
            .collect();
        let incumbents: BTreeSet<&PersonId> = role.incumbents.iter().collect();
        if incumbents.len() + successors.len() <= 1 {
            single_point_roles.push(role.role.clone());
        }
        for &successor in &successors {
            *per_successor.entry(successor.clone()).or_default() += 1;
        }
        ready.entry(role.role.clone()).or_default().extend(successors.into_iter().cloned());
    }
    let covered = ready.values().filter(|successors| !successors.is_empty()).count();
    let bench: usize = ready.values().map(Vec::len).sum();
    single_point_roles.sort();
    single_point_roles.dedup();
    Ok(Succession {
        settings,
        coverage: covered as f64 / ready.len() as f64,
        bench_strength: bench as f64 / ready.len() as f64,
        ready,
        single_point_roles,
        overloaded_successors: per_successor
            .into_iter()
            .filter(|&(_, count)| count > settings.max_roles_per_successor)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::population::tests::at;

    fn id<T: std::str::FromStr>(raw: &str) -> T
    where
        T::Err: std::fmt::Debug,
    {
        raw.parse().unwrap()
    }

    #[test]
    fn ready_successors_need_nomination_rating_and_recent_exercise() {
        let role = |name: &str, domains: &[&str], incumbents: &[&str]| CriticalRole {
            role: id(name),
            domains: domains.iter().map(|d| id(d)).collect(),
            incumbents: incumbents.iter().map(|p| id(p)).collect(),
        };
        let roles =
            [role("treasurer", &["budget", "audit"], &["t"]), role("rota", &["rota"], &["r"]), role("chair", &[], &[])];
        let nominate = |role: &str, person: &str| Nomination { role: id(role), person: id(person) };
        let nominations = [
            nominate("treasurer", "ana"),
            nominate("treasurer", "bo"),
            nominate("treasurer", "cy"),
            nominate("treasurer", "t"),
            nominate("rota", "ana"),
        ];
        let rate = |role: &str, person: &str, capable: bool, day: i64| Rating {
            role: id(role),
            person: id(person),
            capable,
            rated_at: at(day),
        };
        let ratings = [
            rate("treasurer", "ana", true, 1),
            rate("treasurer", "bo", true, 1),
            rate("treasurer", "bo", false, 2), // the latest rating counts
            rate("treasurer", "cy", true, 1),
            rate("treasurer", "t", true, 1),
            rate("rota", "ana", true, 1),
        ];
        let exercise =
            |person: &str, domain: &str, day: i64| Exercise { person: id(person), domain: id(domain), at: at(day) };
        let exercises = [
            exercise("ana", "audit", 190),
            exercise("bo", "budget", 190),
            exercise("cy", "budget", 5), // too long ago at day 200
            exercise("ana", "rota", 199),
        ];
        let now = at(200);
        let result =
            succession(&roles, &nominations, &ratings, &exercises, now, SuccessionSettings::default()).unwrap();
        assert_eq!(result.ready[&id::<RoleId>("treasurer")], [id::<PersonId>("ana")]);
        assert_eq!(result.ready[&id::<RoleId>("rota")], [id::<PersonId>("ana")]);
        assert!((result.coverage - 2.0 / 3.0).abs() < 1e-12);
        assert!((result.bench_strength - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(result.single_point_roles, [id::<RoleId>("chair")]);
        assert!(result.overloaded_successors.is_empty());

        let strict = SuccessionSettings {
            exercise: ExerciseRule::EveryDomain,
            max_roles_per_successor: 1,
            ..Default::default()
        };
        let result = succession(&roles, &nominations, &ratings, &exercises, now, strict).unwrap();
        assert!(result.ready[&id::<RoleId>("treasurer")].is_empty());
        assert_eq!(result.single_point_roles, [id::<RoleId>("chair"), id("treasurer")]);
        assert_eq!(result.settings, strict);
        assert_eq!(succession(&[], &[], &[], &[], now, strict), Err(Undefined::Empty));
    }
}

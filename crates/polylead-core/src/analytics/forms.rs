//! M18 forms of distribution (Spillane 2006; Gronn 2002) and the co-performance rate.
//!
//! Acts in W are grouped by `routine_id`, else by `decision_id`; acts with neither are counted in
//! the co-performance rate only. An act's *leaders* are its actor and distinct co-actors. Each group
//! gets the first form that fits:
//! 1. **collaborated**: some act has ≥ 2 leaders (co-performance in one event);
//! 2. **solo**: one leader in all;
//! 3. **collective**: ≥ 2 leaders acting separately, in parallel: every leader's span (first start
//!    to last end, end = start + duration) lies within `tolerance` (7 days) of every other's;
//! 4. **coordinated**: otherwise — separate leaders acting in turn, an ordered sequence linked by
//!    the routine or decision.
//!
//! METRICS.md leaves "overlapping within 7 days" and "ordered, linked sequence" informal; the
//! parallel-versus-in-turn split above is our reading.
//! Co-performance rate = acts with ≥ 2 leaders / acts in W, comparable to the ESM findings.

use std::hash::{Hash, Hasher};

use jiff::{SignedDuration, Timestamp};

use super::population::{IdHasher, Window};
use crate::act::Act;
use crate::ids::PersonId;
use crate::metric::{Metric, Undefined};

/// The form of one routine or decision.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Form {
    Collaborated,
    Collective,
    Coordinated,
    Solo,
}

/// M18 over a window.
#[derive(Clone, PartialEq, Debug)]
pub struct Forms {
    pub tolerance_days: i64,
    pub groups: usize,
    /// Groups per form, in [`Form`] order: collaborated, collective, coordinated, solo.
    pub counts: [usize; 4],
    /// Shares of groups per form, same order; `NO_ACTS` without groups.
    pub shares: Metric<[f64; 4]>,
    pub co_performance_rate: f64,
    pub acts: usize,
    pub ungrouped_acts: usize,
}

fn co_performed(act: &Act) -> bool {
    act.co_actors.iter().any(|co_actor| *co_actor != act.actor)
}

/// The form of one group of acts (non-empty); `tolerance` is the collective/coordinated cut-off.
pub fn form_of(acts: &[&Act], tolerance: SignedDuration) -> Form {
    if acts.iter().any(|act| co_performed(act)) {
        return Form::Collaborated;
    }
    let mut spans: Vec<(&PersonId, Timestamp, Timestamp)> = Vec::new();
    for act in acts {
        let end = act
            .started_at
            .saturating_add(SignedDuration::from_secs(i64::from(act.duration_s.unwrap_or(0))))
            .unwrap_or(act.started_at);
        match spans.iter_mut().find(|(leader, _, _)| *leader == &act.actor) {
            Some(span) => {
                span.1 = span.1.min(act.started_at);
                span.2 = span.2.max(end);
            }
            None => spans.push((&act.actor, act.started_at, end)),
        }
    }
    if spans.len() < 2 {
        return Form::Solo;
    }
    let latest_start = spans.iter().map(|span| span.1).max();
    let earliest_end = spans.iter().map(|span| span.2).min();
    match (latest_start, earliest_end) {
        (Some(start), Some(end)) if start.duration_since(end) <= tolerance => Form::Collective,
        _ => Form::Coordinated,
    }
}

/// The routine (else decision) an act belongs to, if any.
fn group_key(act: &Act) -> Option<(bool, &str)> {
    match (&act.routine, &act.decision) {
        (Some(routine), _) => Some((true, routine.as_str())),
        (None, Some(decision)) => Some((false, decision.as_str())),
        (None, None) => None,
    }
}

/// Calls `visit` once per routine (else decision) group of `acts`, with the group's acts; acts
/// without a group are skipped. Sorting (hash, key) pairs keeps memory flat: no map of vectors,
/// one reused buffer.
pub(crate) fn for_each_group<'a>(acts: impl Iterator<Item = &'a Act>, mut visit: impl FnMut(&[&'a Act])) {
    let mut keyed: Vec<(u64, (bool, &'a str), &'a Act)> = acts
        .filter_map(|act| {
            let key = group_key(act)?;
            let mut hasher = IdHasher::default();
            key.hash(&mut hasher);
            Some((hasher.finish(), key, act))
        })
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut group: Vec<&Act> = Vec::new();
    for (position, &(_, key, act)) in keyed.iter().enumerate() {
        group.push(act);
        if keyed.get(position + 1).is_none_or(|next| next.1 != key) {
            visit(&group);
            group.clear();
        }
    }
}

/// M18 for acts started in `window`; `NO_ACTS` when there are none.
pub fn forms(acts: &[Act], window: &Window, tolerance_days: i64) -> Metric<Forms> {
    let tolerance = SignedDuration::from_hours(24 * tolerance_days);
    let (mut total, mut together, mut ungrouped) = (0usize, 0usize, 0usize);
    for act in acts.iter().filter(|act| window.contains(act.started_at)) {
        total += 1;
        together += usize::from(co_performed(act));
        ungrouped += usize::from(group_key(act).is_none());
    }
    let mut counts = [0; 4];
    let mut groups = 0;
    for_each_group(acts.iter().filter(|act| window.contains(act.started_at)), |group| {
        groups += 1;
        let position = match form_of(group, tolerance) {
            Form::Collaborated => 0,
            Form::Collective => 1,
            Form::Coordinated => 2,
            Form::Solo => 3,
        };
        counts[position] += 1;
    });
    if total == 0 {
        return Err(Undefined::NoActs);
    }
    let shares =
        if groups == 0 { Err(Undefined::NoActs) } else { Ok(counts.map(|count| count as f64 / groups as f64)) };
    Ok(Forms {
        tolerance_days,
        groups,
        counts,
        shares,
        co_performance_rate: together as f64 / total as f64,
        acts: total,
        ungrouped_acts: ungrouped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::population::tests::{act, at};
    use crate::role::Contribution;

    fn in_routine(id: &str, actor: &str, day: i64, routine: &str) -> Act {
        Act { routine: Some(routine.into()), ..act(id, actor, Contribution::ExecutionDelivery, day) }
    }

    #[test]
    fn each_routine_gets_one_form() {
        let mut together = in_routine("1", "ann", 1, "budget");
        together.co_actors = vec!["bob".parse().unwrap()];
        let acts = [
            together,
            in_routine("2", "ann", 2, "budget"),
            in_routine("3", "ann", 1, "rota"),
            in_routine("4", "bob", 5, "rota"),
            in_routine("5", "ann", 1, "review"),
            in_routine("6", "bob", 20, "review"),
            in_routine("7", "cy", 3, "alone"),
            in_routine("8", "cy", 4, "alone"),
            Act { decision: Some("d1".parse().unwrap()), ..act("9", "dee", Contribution::VisionDirection, 2) },
            act("10", "eve", Contribution::VisionDirection, 2),
            in_routine("11", "ann", 40, "budget"), // outside the window
        ];
        let window = Window::new(at(0), at(30)).unwrap();
        let result = forms(&acts, &window, 7).unwrap();
        assert_eq!(result.groups, 5);
        // budget collaborated; rota collective (4 days apart); review coordinated (19 days); alone, d1 solo.
        assert_eq!(result.counts, [1, 1, 1, 2]);
        assert_eq!(result.shares, Ok([0.2, 0.2, 0.2, 0.4]));
        assert_eq!((result.acts, result.ungrouped_acts), (10, 1));
        assert!((result.co_performance_rate - 0.1).abs() < 1e-12);
        assert_eq!(forms(&acts, &Window::new(at(100), at(101)).unwrap(), 7), Err(Undefined::NoActs));
        let loose = forms(&acts, &window, 30).unwrap();
        assert_eq!(loose.counts, [1, 2, 0, 2]);
    }
}

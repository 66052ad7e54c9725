//! What time does to a decision: consent adopted at its deadline, stalled or blocked decisions
//! escalated, reviews falling due. The server's scheduler calls `tick` for every decision
//! that may be due, and stores each transition at most once.

use jiff::Timestamp;

use crate::decision::DecisionStatus;
use crate::domain::Process;
use crate::lifecycle::{Case, EventKind, Transition};

/// The transition time makes at `now`, if any.
pub fn tick(case: Case<'_>, now: Timestamp) -> Option<Transition> {
    let decision = case.decision;
    let can_escalate = case.rights.escalation.as_ref().is_some_and(|escalation| !escalation.people.is_empty());
    let (status, kind) = match decision.status {
        DecisionStatus::Open if decision.process == Process::Consent && decision.deadline? <= now => {
            if case.open_objections().next().is_none() {
                (DecisionStatus::Adopted, EventKind::Adopted)
            } else if can_escalate {
                (DecisionStatus::Escalated, EventKind::Escalated)
            } else {
                return None;
            }
        }
        DecisionStatus::Open if can_escalate && case.escalates_at()? <= now => {
            (DecisionStatus::Escalated, EventKind::Escalated)
        }
        DecisionStatus::Decided | DecisionStatus::Adopted if decision.review_due? <= now => {
            (DecisionStatus::ReviewDue, EventKind::ReviewDue)
        }
        _ => return None,
    };
    let mut next = decision.clone();
    next.status = status;
    let mut notify = case.everyone();
    match kind {
        EventKind::Adopted => {
            next.decided_at = decision.deadline;
            if let [only] = case.rights.deciders.as_slice() {
                next.decider = Some(only.person.clone());
            }
        }
        EventKind::Escalated => {
            notify.extend(case.rights.escalation.iter().flat_map(|escalation| escalation.people.iter().cloned()));
        }
        _ => notify = decision.decider.iter().chain([&decision.proposer]).cloned().collect(),
    }
    Some(Transition {
        decision: next,
        responses: Vec::new(),
        acts: Vec::new(),
        event: case.event(kind, None, now, notify),
    })
}

//! "Waiting on you": what each open decision needs from a person.

use jiff::Timestamp;

use crate::decision::DecisionStatus;
use crate::domain::Process;
use crate::ids::{DecisionId, PersonId};
use crate::lifecycle::Case;
use crate::text::vocabulary;

vocabulary! {
    WaitingReason {
        /// You are a required advisor and have not answered.
        AdviceRequested = "advice_requested",
        /// You are consulted and the consent window is open.
        ConsentOpen = "consent_open",
        /// Someone objected to your proposal; integrate it or escalate.
        ObjectionToResolve = "objection_to_resolve",
        /// You may decide, and advice is complete or its deadline has passed.
        ReadyToDecide = "ready_to_decide",
        /// You may decide, and the decision is past its deadline.
        Overdue = "overdue",
        /// It was escalated to you.
        Escalated = "escalated",
        /// You decided or proposed it, and its review is due.
        ReviewDue = "review_due",
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Waiting {
    pub decision: DecisionId,
    pub reason: WaitingReason,
    /// When it must be done by, if there is a date.
    pub by: Option<Timestamp>,
}

/// What `case` waits on `person` for at `now`, if anything.
pub fn waiting_on(case: Case<'_>, person: &PersonId, now: Timestamp) -> Option<Waiting> {
    let decision = case.decision;
    let rights = case.rights;
    let answered = case.responses.iter().any(|response| &response.person == person);
    let past_deadline = decision.deadline.is_some_and(|deadline| deadline <= now);
    let reason = match decision.status {
        DecisionStatus::Open if rights.may_decide(person) && past_deadline => WaitingReason::Overdue,
        DecisionStatus::Open if &decision.proposer == person && case.open_objections().next().is_some() => {
            WaitingReason::ObjectionToResolve
        }
        DecisionStatus::Open if rights.may_decide(person) && decision.process != Process::Consent => {
            if !case.awaited().is_empty() {
                return None;
            }
            WaitingReason::ReadyToDecide
        }
        DecisionStatus::Open if rights.is_advisor(person) && !answered => match decision.process {
            Process::Consent => WaitingReason::ConsentOpen,
            _ => WaitingReason::AdviceRequested,
        },
        DecisionStatus::Escalated
            if rights.escalation.as_ref().is_some_and(|escalation| escalation.people.contains(person)) =>
        {
            WaitingReason::Escalated
        }
        DecisionStatus::ReviewDue if decision.decider.as_ref() == Some(person) || &decision.proposer == person => {
            WaitingReason::ReviewDue
        }
        _ => return None,
    };
    let by = match reason {
        WaitingReason::ReviewDue => decision.review_due,
        WaitingReason::Overdue | WaitingReason::Escalated => None,
        _ => decision.deadline,
    };
    Some(Waiting { decision: decision.id.clone(), reason, by })
}

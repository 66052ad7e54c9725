//! The decision lifecycle: draft → open → decided / adopted / withdrawn / escalated →
//! review due → reviewed, with the advice, consent and autonomous processes.
//!
//! Pure: a step takes the decision, its responses, the rights resolved at the step's time
//! (`rights::resolve`), the actor and the time, and returns the new state, the records to write
//! (responses, leadership acts) and the event to announce — or a refusal saying why not.
//! Rules:
//! - *Advice*: the decider cannot decide until every required advisor has answered or the
//!   deadline has passed. An undecided decision escalates one time limit after the deadline.
//! - *Consent*: an objection must carry a reason; an open objection blocks adoption; it is
//!   resolved by integrating it into the proposal, by the objector withdrawing it, or by
//!   escalation. With no open objection the proposal is adopted at its deadline (or earlier by
//!   the decider once everyone consulted has consented).
//! - *Autonomous*: a decider who opens it decides at once; the informed are notified.
//! - *Review*: once the review date passes the decision is review due; a review records
//!   worked / partly / did not and what was learned.

mod clock;
mod inbox;
mod steps;
#[cfg(test)]
mod tests;

pub use clock::tick;
pub use inbox::{Waiting, WaitingReason, waiting_on};
pub use steps::take;

use jiff::Timestamp;

use crate::act::{Act, ActSource};
use crate::decision::{Decision, Outcome, Response, ResponseKind};
use crate::error::ValidationError;
use crate::ids::{ActId, PersonId, ResponseId};
use crate::rights::Answer;
use crate::role::Contribution;
use crate::text::vocabulary;

/// A decision as it stands, with what the rights say about it now.
#[derive(Clone, Copy, Debug)]
pub struct Case<'a> {
    pub decision: &'a Decision,
    pub responses: &'a [Response],
    /// The decision's domain and attributes resolved at the time of the step.
    pub rights: &'a Answer,
}

/// A step a person takes on a decision.
#[derive(Clone, PartialEq, Debug)]
pub enum Action {
    /// Draft → open: advice or consent starts, or an autonomous decision is taken.
    Open,
    Advise {
        text: String,
    },
    Consent {
        text: Option<String>,
    },
    Object {
        reason: String,
    },
    /// The proposal is amended so that the objection no longer stands.
    Integrate {
        objection: ResponseId,
        proposal: String,
    },
    WithdrawObjection {
        objection: ResponseId,
    },
    EscalateObjection {
        objection: ResponseId,
    },
    /// Decide (advice, autonomous, escalated) or adopt early (consent).
    Decide {
        rationale: String,
        review_due: Option<Timestamp>,
    },
    Withdraw {
        reason: Option<String>,
    },
    Review {
        outcome: Outcome,
        learned: String,
    },
}

vocabulary! {
    /// What happened to a decision, announced to the people concerned (inbox, webhooks).
    EventKind {
        Opened = "opened",
        AdviceGiven = "advice_given",
        ConsentGiven = "consent_given",
        ObjectionRaised = "objection_raised",
        ObjectionIntegrated = "objection_integrated",
        ObjectionWithdrawn = "objection_withdrawn",
        Escalated = "escalated",
        Decided = "decided",
        Adopted = "adopted",
        Withdrawn = "withdrawn",
        ReviewDue = "review_due",
        Reviewed = "reviewed",
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Event {
    pub kind: EventKind,
    /// Who took the step; `None` when time did (the scheduler).
    pub actor: Option<PersonId>,
    pub at: Timestamp,
    /// Who should hear of it, in id order, without the actor.
    pub notify: Vec<PersonId>,
}

/// The outcome of a step: the decision's new state and what to write with it.
#[derive(Clone, PartialEq, Debug)]
pub struct Transition {
    pub decision: Decision,
    /// Responses to insert or (same id) replace.
    pub responses: Vec<Response>,
    /// Leadership acts the step performed (METRICS.md §1.4, source `system`).
    pub acts: Vec<Act>,
    pub event: Event,
}

impl Action {
    /// The name used in history and errors.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Open => "open",
            Action::Advise { .. } => "advise",
            Action::Consent { .. } => "consent",
            Action::Object { .. } => "object",
            Action::Integrate { .. } => "integrate",
            Action::WithdrawObjection { .. } => "withdraw_objection",
            Action::EscalateObjection { .. } => "escalate_objection",
            Action::Decide { .. } => "decide",
            Action::Withdraw { .. } => "withdraw",
            Action::Review { .. } => "review",
        }
    }

    /// The leadership contribution the step is, if it is one.
    fn contribution(&self) -> Option<Contribution> {
        match self {
            Action::Open => Some(Contribution::VisionDirection),
            Action::Advise { .. } => Some(Contribution::TechnicalExpertise),
            Action::Object { .. } => Some(Contribution::ChallengeCritique),
            Action::Integrate { .. } => Some(Contribution::RelationshipCulture),
            Action::Decide { .. } => Some(Contribution::ExecutionDelivery),
            Action::Review { .. } => Some(Contribution::ChallengeCritique),
            Action::Consent { .. }
            | Action::WithdrawObjection { .. }
            | Action::EscalateObjection { .. }
            | Action::Withdraw { .. } => None,
        }
    }
}

impl Case<'_> {
    /// Objections not yet integrated, withdrawn or escalated.
    pub fn open_objections(&self) -> impl Iterator<Item = &Response> {
        self.responses
            .iter()
            .filter(|response| response.kind == ResponseKind::Objection && response.resolution.is_none())
    }

    /// Required advisors who have not answered yet.
    pub fn awaited(&self) -> Vec<&PersonId> {
        self.rights
            .advisors
            .iter()
            .map(|advisor| &advisor.person)
            .filter(|person| !self.responses.iter().any(|response| &response.person == *person))
            .collect()
    }

    /// When an undecided decision escalates: one time limit after its deadline.
    pub fn escalates_at(&self) -> Option<Timestamp> {
        Some(self.decision.deadline? + self.rights.time_limit?)
    }

    fn act(&self, actor: &PersonId, kind: Contribution, at: Timestamp, id: &str) -> Result<Act, ValidationError> {
        let decision = self.decision;
        Ok(Act {
            id: ActId::parse(id)?,
            actor: actor.clone(),
            co_actors: Vec::new(),
            targets: if actor == &decision.proposer { Vec::new() } else { vec![decision.proposer.clone()] },
            initiator: Some(decision.proposer.clone()),
            kind,
            domain: Some(decision.domain.clone()),
            team: decision.scope.clone(),
            started_at: at,
            duration_s: None,
            planned: Some(true),
            channel: Some("decision log".to_owned()),
            influence: None,
            routine: None,
            decision: Some(decision.id.clone()),
            source: ActSource::System,
        })
    }

    fn response(
        &self,
        id: &str,
        person: &PersonId,
        kind: ResponseKind,
        text: Option<String>,
        at: Timestamp,
    ) -> Result<Response, ValidationError> {
        Ok(Response {
            id: ResponseId::parse(id)?,
            decision: self.decision.id.clone(),
            person: person.clone(),
            kind,
            text,
            given_at: at,
            resolution: None,
        })
    }

    /// Everyone concerned with the decision: proposer, deciders, advisors, informed.
    fn everyone(&self) -> Vec<PersonId> {
        let rights = self.rights;
        let mut people: Vec<PersonId> = std::iter::once(self.decision.proposer.clone())
            .chain(rights.deciders.iter().map(|decider| decider.person.clone()))
            .chain(rights.advisors.iter().map(|advisor| advisor.person.clone()))
            .chain(rights.informed.iter().cloned())
            .collect();
        people.sort();
        people.dedup();
        people
    }

    fn event(&self, kind: EventKind, actor: Option<&PersonId>, at: Timestamp, notify: Vec<PersonId>) -> Event {
        let mut notify: Vec<PersonId> = notify.into_iter().filter(|person| Some(person) != actor).collect();
        notify.sort();
        notify.dedup();
        Event { kind, actor: actor.cloned(), at, notify }
    }
}

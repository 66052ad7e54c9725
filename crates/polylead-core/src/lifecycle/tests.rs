//! The lifecycle told as stories in the Ward 3 organisation of `rights::tests`.

use jiff::Timestamp;

use crate::condition::Attributes;
use crate::decision::{Decision, DecisionStatus, Outcome, Response};
use crate::domain::Process;
use crate::error::Refusal;
use crate::ids::{DecisionId, DomainId, TeamId};
use crate::lifecycle::{Action, Case, EventKind, Transition, WaitingReason, take, tick, waiting_on};
use crate::rights::tests::{at, person, ward};
use crate::rights::{Answer, Organisation, Question, resolve};
use crate::role::Contribution;

/// One decision moving through time, re-resolving its rights at every step as the server does.
struct Story {
    organisation: Organisation,
    decision: Decision,
    responses: Vec<Response>,
    steps: u32,
}

impl Story {
    fn new(domain: &str, proposer: &str, amount: Option<f64>, when: &str) -> Story {
        Story::with_organisation(Organisation::new(&ward()), domain, proposer, amount, when)
    }

    fn with_organisation(
        organisation: Organisation,
        domain: &str,
        proposer: &str,
        amount: Option<f64>,
        when: &str,
    ) -> Story {
        let decision = Decision {
            id: DecisionId::parse("d1").unwrap(),
            domain: DomainId::parse(domain).unwrap(),
            title: "Change the night-shift rota".into(),
            proposal: Some("Two nurses on every night".into()),
            proposer: person(proposer),
            decider: None,
            process: Process::Advice,
            status: DecisionStatus::Draft,
            amount,
            scope: Some(TeamId::parse("ward3").unwrap()),
            tags: Vec::new(),
            created_at: at(when),
            deadline: None,
            decided_at: None,
            rationale: None,
            review_due: None,
            outcome: None,
            learned: None,
        };
        Story { organisation, decision, responses: Vec::new(), steps: 0 }
    }

    fn rights(&self, now: Timestamp) -> Answer {
        let question = Question {
            domain: self.decision.domain.clone(),
            attributes: Attributes {
                amount: self.decision.amount,
                scope: self.decision.scope.clone(),
                tags: self.decision.tags.clone(),
            },
            asker: Some(self.decision.proposer.clone()),
            at: now,
        };
        resolve(&self.organisation, &question).unwrap()
    }

    fn apply(&mut self, transition: Transition) -> Transition {
        self.decision = transition.decision.clone();
        for response in &transition.responses {
            match self.responses.iter_mut().find(|r| r.id == response.id) {
                Some(stored) => *stored = response.clone(),
                None => self.responses.push(response.clone()),
            }
        }
        transition
    }

    fn try_step(&mut self, who: &str, action: Action, when: &str) -> Result<Transition, crate::ValidationError> {
        let now = at(when);
        let rights = self.rights(now);
        self.steps += 1;
        let case = Case { decision: &self.decision, responses: &self.responses, rights: &rights };
        let transition = take(case, &person(who), action, now, &format!("s{}", self.steps))?;
        Ok(self.apply(transition))
    }

    fn step(&mut self, who: &str, action: Action, when: &str) -> Transition {
        self.try_step(who, action, when).unwrap()
    }

    fn refused(&mut self, who: &str, action: Action, when: &str) -> (Refusal, String) {
        let before = self.decision.clone();
        let error = self.try_step(who, action, when).unwrap_err();
        assert_eq!(self.decision, before, "a refused step changes nothing");
        (error.refusal, error.reason)
    }

    fn tick(&mut self, when: &str) -> Option<Transition> {
        let now = at(when);
        let rights = self.rights(now);
        let case = Case { decision: &self.decision, responses: &self.responses, rights: &rights };
        let transition = tick(case, now)?;
        Some(self.apply(transition))
    }

    fn waiting(&self, who: &str, when: &str) -> Option<WaitingReason> {
        let now = at(when);
        let rights = self.rights(now);
        let case = Case { decision: &self.decision, responses: &self.responses, rights: &rights };
        waiting_on(case, &person(who), now).map(|waiting| waiting.reason)
    }
}

fn decide(rationale: &str) -> Action {
    Action::Decide { rationale: rationale.into(), review_due: None }
}

#[test]
fn an_advice_process_waits_for_the_advisors_until_the_deadline() {
    // Cleo proposes a rota change; Ana (the coordinator) decides after asking Ward 3.
    let mut story = Story::new("rota", "cleo", None, "2026-02-02T08:00:00Z");
    let opened = story.step("cleo", Action::Open, "2026-02-02T09:00:00Z");
    assert_eq!(opened.event.kind, EventKind::Opened);
    assert_eq!(opened.acts[0].kind, Contribution::VisionDirection);
    assert_eq!(story.decision.deadline, Some(at("2026-02-04T09:00:00Z")));
    assert_eq!(story.waiting("ben", "2026-02-02T10:00:00Z"), Some(WaitingReason::AdviceRequested));

    // Ben never answers. Cleo, the proposer, is not a required advisor of her own proposal,
    // but anyone may add advice.
    story.step("cleo", Action::Advise { text: "Nights are too thin".into() }, "2026-02-02T11:00:00Z");
    let (refusal, why) = story.refused("ana", decide("Two per night"), "2026-02-03T09:00:00Z");
    assert_eq!(refusal, Refusal::WrongState);
    assert_eq!(why, "cannot decide yet: waiting for advice from ben or until 2026-02-04T09:00:00Z");

    // Once the deadline has passed Ana may decide without Ben.
    assert_eq!(story.waiting("ana", "2026-02-04T10:00:00Z"), Some(WaitingReason::Overdue));
    let decided = story.step("ana", decide("Two per night from March"), "2026-02-04T10:00:00Z");
    assert_eq!(decided.event.kind, EventKind::Decided);
    assert_eq!(decided.event.notify, [person("ben"), person("cleo"), person("dita")]);
    assert_eq!(decided.acts[0].kind, Contribution::ExecutionDelivery);
    assert_eq!(story.decision.status, DecisionStatus::Decided);
    assert_eq!(story.decision.decider, Some(person("ana")));
    // All advice is kept with the decision.
    assert_eq!(story.responses.len(), 1);
}

#[test]
fn only_the_decider_decides_and_only_once() {
    let mut story = Story::new("rota", "cleo", None, "2026-02-02T08:00:00Z");
    story.step("cleo", Action::Open, "2026-02-02T09:00:00Z");
    let (refusal, why) = story.refused("ben", decide("mine"), "2026-02-05T09:00:00Z");
    assert_eq!(refusal, Refusal::Forbidden);
    assert_eq!(why, "ben does not hold the right to decide this; ana can");
    story.step("ana", decide("ok"), "2026-02-05T09:00:00Z");
    let (refusal, why) = story.refused("ana", decide("again"), "2026-02-05T10:00:00Z");
    assert_eq!(refusal, Refusal::WrongState);
    assert_eq!(why, "cannot decide: the decision is decided, and this is possible only while it is open or escalated");
}

#[test]
fn a_stalled_decision_is_escalated_once_by_time() {
    let mut story = Story::new("rota", "cleo", None, "2026-02-02T08:00:00Z");
    story.step("cleo", Action::Open, "2026-02-02T09:00:00Z");
    // Advice closes after 48 h; nothing happens by time until another 48 h have passed.
    assert_eq!(story.tick("2026-02-05T09:00:00Z"), None);
    let escalated = story.tick("2026-02-06T09:00:00Z").unwrap();
    assert_eq!(escalated.event.kind, EventKind::Escalated);
    assert_eq!(escalated.event.actor, None);
    assert!(escalated.event.notify.contains(&person("dita")));
    assert_eq!(story.decision.status, DecisionStatus::Escalated);
    assert_eq!(story.tick("2026-02-07T09:00:00Z"), None, "escalated once");

    // Now only Dita, the regional lead it escalated to, can decide.
    assert_eq!(story.waiting("dita", "2026-02-06T10:00:00Z"), Some(WaitingReason::Escalated));
    assert_eq!(story.refused("ana", decide("late"), "2026-02-06T10:00:00Z").0, Refusal::Forbidden);
    story.step("dita", decide("Two per night"), "2026-02-06T10:00:00Z");
    assert_eq!(story.decision.decider, Some(person("dita")));
}

#[test]
fn consent_with_an_objection_integrated_is_adopted_at_the_deadline() {
    // 800 in Ward 3's budget: the ward decides by consent within 72 h.
    let mut story = Story::new("budget", "ben", Some(800.0), "2026-02-02T08:00:00Z");
    story.step("ben", Action::Open, "2026-02-02T09:00:00Z");
    assert_eq!(story.decision.process, Process::Consent);

    let (refusal, why) = story.refused("cleo", Action::Object { reason: "  ".into() }, "2026-02-02T10:00:00Z");
    assert_eq!((refusal, why.as_str()), (Refusal::Invalid, "an objection's reason is required"));
    // Dita is informed but not consulted, so she cannot object; Cleo, in the ward, can.
    let (refusal, why) = story.refused("dita", Action::Object { reason: "too dear".into() }, "2026-02-02T10:00:00Z");
    assert_eq!(refusal, Refusal::Forbidden);
    assert_eq!(why, "only the people consulted on this decision can consent or object (nobody is consulted)");
    let raised = story.step("cleo", Action::Object { reason: "We lose the spare bed".into() }, "2026-02-02T11:00:00Z");
    assert_eq!(raised.acts[0].kind, Contribution::ChallengeCritique);
    let objection = raised.responses[0].id.clone();
    assert_eq!(story.waiting("ben", "2026-02-02T12:00:00Z"), Some(WaitingReason::ObjectionToResolve));

    // An open objection blocks adoption, by hand and by time.
    assert_eq!(story.refused("ben", decide("go"), "2026-02-03T09:00:00Z").0, Refusal::WrongState);

    let integrated = story.step(
        "ben",
        Action::Integrate { objection, proposal: "Buy it, keep the spare bed".into() },
        "2026-02-03T09:00:00Z",
    );
    assert_eq!(integrated.acts[0].kind, Contribution::RelationshipCulture);
    assert_eq!(story.decision.proposal.as_deref(), Some("Buy it, keep the spare bed"));

    assert_eq!(story.tick("2026-02-05T08:59:00Z"), None);
    let adopted = story.tick("2026-02-05T09:00:00Z").unwrap();
    assert_eq!(adopted.event.kind, EventKind::Adopted);
    assert_eq!(story.decision.status, DecisionStatus::Adopted);
    assert_eq!(story.decision.decided_at, Some(at("2026-02-05T09:00:00Z")));
}

#[test]
fn an_objection_standing_at_the_deadline_escalates() {
    let mut story = Story::new("budget", "ben", Some(800.0), "2026-02-02T08:00:00Z");
    story.step("ben", Action::Open, "2026-02-02T09:00:00Z");
    story.step("ana", Action::Object { reason: "Not this quarter".into() }, "2026-02-02T10:00:00Z");
    let escalated = story.tick("2026-02-05T09:00:00Z").unwrap();
    assert_eq!(escalated.event.kind, EventKind::Escalated);
}

#[test]
fn the_objector_may_withdraw_and_then_everyone_consenting_adopts_early() {
    let mut story = Story::new("budget", "ben", Some(800.0), "2026-02-02T08:00:00Z");
    story.step("ben", Action::Open, "2026-02-02T09:00:00Z");
    let raised = story.step("ana", Action::Object { reason: "Not this quarter".into() }, "2026-02-02T10:00:00Z");
    let objection = raised.responses[0].id.clone();
    let withdraw = Action::WithdrawObjection { objection: objection.clone() };
    assert_eq!(story.refused("cleo", withdraw.clone(), "2026-02-02T11:00:00Z").0, Refusal::Forbidden);
    story.step("ana", withdraw.clone(), "2026-02-02T11:00:00Z");
    assert_eq!(story.refused("ana", withdraw, "2026-02-02T11:30:00Z").0, Refusal::WrongState);
    // The budget is held by the team: all three may decide, so nobody else is consulted and
    // the decider can adopt at once.
    let adopted = story.step("cleo", decide("Agreed"), "2026-02-02T12:00:00Z");
    assert_eq!(adopted.event.kind, EventKind::Adopted);
}

#[test]
fn an_autonomous_decision_is_decided_at_once_and_the_informed_are_told() {
    let mut story = Story::new("budget", "cleo", Some(120.0), "2026-02-02T08:00:00Z");
    let decided = story.step("cleo", Action::Open, "2026-02-02T09:00:00Z");
    assert_eq!(decided.event.kind, EventKind::Decided);
    assert_eq!(decided.event.notify, [person("ana"), person("ben"), person("dita")]);
    assert_eq!(story.decision.status, DecisionStatus::Decided);
    assert_eq!(story.decision.decider, Some(person("cleo")));
}

#[test]
fn a_delegation_expiring_mid_decision_hands_the_right_back() {
    // Ben covers the rota while Ana is on a course (1–15 March).
    let mut story = Story::new("rota", "cleo", None, "2026-03-10T08:00:00Z");
    story.step("cleo", Action::Open, "2026-03-10T09:00:00Z");
    assert_eq!(story.waiting("ben", "2026-03-12T10:00:00Z"), Some(WaitingReason::Overdue));
    // The delegation ends before Ben decides: he no longer may, and Ana may again.
    assert_eq!(story.refused("ben", decide("Two"), "2026-03-15T01:00:00Z").0, Refusal::Forbidden);
    story.step("ana", decide("Two"), "2026-03-15T01:00:00Z");
}

#[test]
fn a_review_falls_due_and_records_what_was_learned() {
    let mut story = Story::new("budget", "cleo", Some(120.0), "2026-02-02T08:00:00Z");
    story.step("cleo", Action::Open, "2026-02-02T09:00:00Z");
    let review = Action::Review { outcome: Outcome::Partly, learned: "Order earlier".into() };
    story.decision.review_due = Some(at("2026-05-01T00:00:00Z"));
    assert_eq!(story.tick("2026-04-30T00:00:00Z"), None);
    assert_eq!(story.tick("2026-05-01T00:00:00Z").unwrap().event.kind, EventKind::ReviewDue);
    assert_eq!(story.waiting("cleo", "2026-05-02T00:00:00Z"), Some(WaitingReason::ReviewDue));
    assert_eq!(story.refused("dita", review.clone(), "2026-05-02T00:00:00Z").0, Refusal::Forbidden);
    let reviewed = story.step("cleo", review, "2026-05-02T00:00:00Z");
    assert_eq!(reviewed.acts[0].kind, Contribution::ChallengeCritique);
    assert_eq!(story.decision.status, DecisionStatus::Reviewed);
    assert_eq!(story.decision.outcome, Some(Outcome::Partly));
}

#[test]
fn transitions_not_allowed_from_the_current_state_are_refused() {
    let mut story = Story::new("rota", "cleo", None, "2026-02-02T08:00:00Z");
    assert_eq!(
        story.refused("ben", Action::Advise { text: "x".into() }, "2026-02-02T09:00:00Z").0,
        Refusal::WrongState
    );
    assert_eq!(story.refused("ana", Action::Open, "2026-02-02T09:00:00Z").0, Refusal::Forbidden);
    story.step("cleo", Action::Withdraw { reason: Some("Not needed".into()) }, "2026-02-02T09:00:00Z");
    assert_eq!(story.decision.status, DecisionStatus::Withdrawn);
    assert_eq!(story.refused("cleo", Action::Open, "2026-02-02T10:00:00Z").0, Refusal::WrongState);
    let (refusal, why) = story.refused("cleo", Action::Withdraw { reason: None }, "2026-02-01T10:00:00Z");
    assert_eq!((refusal, why.as_str()), (Refusal::Invalid, "a step cannot be dated before the decision was created"));
}

#[test]
fn a_decision_no_rule_covers_cannot_be_opened() {
    let mut story = Story::new("budget", "cleo", None, "2026-02-02T08:00:00Z");
    let (refusal, why) = story.refused("cleo", Action::Open, "2026-02-02T09:00:00Z");
    assert_eq!(refusal, Refusal::WrongState);
    assert!(why.starts_with("cannot open it: no rule of the domain covers"), "{why}");
}

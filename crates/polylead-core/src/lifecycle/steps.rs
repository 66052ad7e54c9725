//! The steps people take on a decision, each checked against its state and the rights.

use jiff::Timestamp;

use crate::decision::{DecisionStatus, Resolution, Response, ResponseKind};
use crate::domain::Process;
use crate::error::ValidationError;
use crate::ids::{PersonId, ResponseId};
use crate::lifecycle::{Action, Case, EventKind, Transition};

/// Takes `action` as `actor` at `now`. `token` is unique per step (chosen by the caller) and
/// becomes the id of the response and act the step writes.
pub fn take(
    case: Case<'_>,
    actor: &PersonId,
    action: Action,
    now: Timestamp,
    token: &str,
) -> Result<Transition, ValidationError> {
    let mut step = Step { case, actor, now, token, transition: None };
    step.check_not_before_creation()?;
    match &action {
        Action::Open => step.open()?,
        Action::Advise { text } => step.advise(text)?,
        Action::Consent { text } => step.respond(ResponseKind::Consent, text.clone(), EventKind::ConsentGiven)?,
        Action::Object { reason } => step.object(reason)?,
        Action::Integrate { objection, proposal } => step.integrate(objection, proposal)?,
        Action::WithdrawObjection { objection } => step.withdraw_objection(objection)?,
        Action::EscalateObjection { objection } => step.escalate_objection(objection)?,
        Action::Decide { rationale, review_due } => step.decide(rationale, *review_due)?,
        Action::Withdraw { reason } => step.withdraw(reason.clone())?,
        Action::Review { outcome, learned } => step.review(*outcome, learned)?,
    }
    let mut transition = step.transition.ok_or_else(|| ValidationError::wrong_state("nothing to do"))?;
    if let Some(kind) = action.contribution() {
        transition.acts.push(case.act(actor, kind, now, token)?);
    }
    Ok(transition)
}

struct Step<'a> {
    case: Case<'a>,
    actor: &'a PersonId,
    now: Timestamp,
    token: &'a str,
    transition: Option<Transition>,
}

impl Step<'_> {
    fn check_not_before_creation(&self) -> Result<(), ValidationError> {
        if self.now < self.case.decision.created_at {
            return Err(ValidationError::new("a step cannot be dated before the decision was created"));
        }
        Ok(())
    }

    fn status(&self) -> DecisionStatus {
        self.case.decision.status
    }

    fn require_status(&self, allowed: &[DecisionStatus], doing: &str) -> Result<(), ValidationError> {
        if allowed.contains(&self.status()) {
            return Ok(());
        }
        let allowed: Vec<&str> = allowed.iter().map(|status| status.as_str()).collect();
        Err(ValidationError::wrong_state(format!(
            "cannot {doing}: the decision is {}, and this is possible only while it is {}",
            self.status().as_str(),
            allowed.join(" or ")
        )))
    }

    fn require_process(&self, process: Process, doing: &str) -> Result<(), ValidationError> {
        if self.case.decision.process == process {
            return Ok(());
        }
        Err(ValidationError::wrong_state(format!(
            "cannot {doing}: the decision follows the {} process, not {}",
            self.case.decision.process.as_str(),
            process.as_str()
        )))
    }

    fn finish(&mut self, decision: crate::decision::Decision, responses: Vec<Response>, kind: EventKind) {
        let notify = match kind {
            EventKind::Opened | EventKind::Decided | EventKind::Adopted | EventKind::Withdrawn => self.case.everyone(),
            EventKind::Escalated => {
                let mut people = self.case.everyone();
                people.extend(self.case.rights.escalation.iter().flat_map(|e| e.people.iter().cloned()));
                people
            }
            _ => {
                let mut people = vec![decision.proposer.clone()];
                people.extend(self.case.rights.deciders.iter().map(|decider| decider.person.clone()));
                people
            }
        };
        let event = self.case.event(kind, Some(self.actor), self.now, notify);
        self.transition = Some(Transition { decision, responses, acts: Vec::new(), event });
    }

    fn open(&mut self) -> Result<(), ValidationError> {
        self.require_status(&[DecisionStatus::Draft], "open it")?;
        let case = self.case;
        if self.actor != &case.decision.proposer {
            return Err(ValidationError::forbidden("only the proposer can open a draft"));
        }
        let Some(process) = case.rights.process else {
            let findings: Vec<String> = case.rights.findings.iter().map(ToString::to_string).collect();
            return Err(ValidationError::wrong_state(format!("cannot open it: {}", findings.join("; "))));
        };
        if case.rights.deciders.is_empty() {
            return Err(ValidationError::wrong_state("cannot open it: nobody holds the right to decide it"));
        }
        let mut decision = case.decision.clone();
        decision.process = process;
        decision.status = DecisionStatus::Open;
        decision.deadline = case.rights.deadline;
        if process == Process::Autonomous && case.rights.may_decide(self.actor) {
            decision.status = DecisionStatus::Decided;
            decision.decider = Some(self.actor.clone());
            decision.decided_at = Some(self.now);
            decision.rationale = decision.rationale.or_else(|| decision.proposal.clone());
            self.finish(decision, Vec::new(), EventKind::Decided);
        } else {
            self.finish(decision, Vec::new(), EventKind::Opened);
        }
        Ok(())
    }

    fn advise(&mut self, text: &str) -> Result<(), ValidationError> {
        self.require_status(&[DecisionStatus::Open], "give advice")?;
        self.require_process(Process::Advice, "give advice")?;
        if self.case.rights.may_decide(self.actor) {
            return Err(ValidationError::forbidden("the decider asks for advice rather than giving it"));
        }
        let text = required_text(text, "advice")?;
        self.respond(ResponseKind::Advice, Some(text), EventKind::AdviceGiven)
    }

    fn respond(&mut self, kind: ResponseKind, text: Option<String>, event: EventKind) -> Result<(), ValidationError> {
        self.require_status(&[DecisionStatus::Open], &format!("give {}", kind.as_str()))?;
        if kind != ResponseKind::Advice {
            self.require_process(Process::Consent, &format!("give {}", kind.as_str()))?;
            self.require_consulted()?;
        }
        let response = self.case.response(self.token, self.actor, kind, text, self.now)?;
        self.finish(self.case.decision.clone(), vec![response], event);
        Ok(())
    }

    fn require_consulted(&self) -> Result<(), ValidationError> {
        let rights = self.case.rights;
        if rights.is_advisor(self.actor) || rights.may_decide(self.actor) {
            return Ok(());
        }
        let consulted: Vec<&str> = rights.advisors.iter().map(|advisor| advisor.person.as_str()).collect();
        Err(ValidationError::forbidden(format!(
            "only the people consulted on this decision can consent or object ({})",
            if consulted.is_empty() { "nobody is consulted".to_owned() } else { consulted.join(", ") }
        )))
    }

    fn object(&mut self, reason: &str) -> Result<(), ValidationError> {
        let reason = required_text(reason, "an objection's reason")?;
        self.respond(ResponseKind::Objection, Some(reason), EventKind::ObjectionRaised)
    }

    fn open_objection(&self, id: &ResponseId) -> Result<&Response, ValidationError> {
        let objection = self
            .case
            .responses
            .iter()
            .find(|response| &response.id == id && response.kind == ResponseKind::Objection)
            .ok_or_else(|| ValidationError::new(format!("there is no objection {id} on this decision")))?;
        if let Some(resolution) = objection.resolution {
            return Err(ValidationError::wrong_state(format!(
                "objection {id} is already resolved ({})",
                resolution.as_str()
            )));
        }
        Ok(objection)
    }

    fn resolve_objection(&mut self, id: &ResponseId, resolution: Resolution) -> Result<Response, ValidationError> {
        self.require_status(&[DecisionStatus::Open], "resolve an objection")?;
        let mut objection = self.open_objection(id)?.clone();
        objection.resolution = Some(resolution);
        Ok(objection)
    }

    fn integrate(&mut self, id: &ResponseId, proposal: &str) -> Result<(), ValidationError> {
        let decision = self.case.decision;
        if self.actor != &decision.proposer && !self.case.rights.may_decide(self.actor) {
            return Err(ValidationError::forbidden("only the proposer or a decider can amend the proposal"));
        }
        let proposal = required_text(proposal, "the amended proposal")?;
        let objection = self.resolve_objection(id, Resolution::Integrated)?;
        let mut decision = decision.clone();
        decision.proposal = Some(proposal);
        self.finish(decision, vec![objection], EventKind::ObjectionIntegrated);
        Ok(())
    }

    fn withdraw_objection(&mut self, id: &ResponseId) -> Result<(), ValidationError> {
        if &self.open_objection(id)?.person != self.actor {
            return Err(ValidationError::forbidden("only the person who objected can withdraw the objection"));
        }
        let objection = self.resolve_objection(id, Resolution::Withdrawn)?;
        self.finish(self.case.decision.clone(), vec![objection], EventKind::ObjectionWithdrawn);
        Ok(())
    }

    fn escalate_objection(&mut self, id: &ResponseId) -> Result<(), ValidationError> {
        let decision = self.case.decision;
        let objector = &self.open_objection(id)?.person;
        if self.actor != &decision.proposer && self.actor != objector && !self.case.rights.may_decide(self.actor) {
            return Err(ValidationError::forbidden(
                "only the proposer, the objector or a decider can escalate an objection",
            ));
        }
        if self.case.rights.escalation.as_ref().is_none_or(|escalation| escalation.people.is_empty()) {
            return Err(ValidationError::wrong_state(
                "cannot escalate: the rule names nobody to escalate to; integrate or withdraw the objection",
            ));
        }
        let objection = self.resolve_objection(id, Resolution::Escalated)?;
        let mut decision = decision.clone();
        decision.status = DecisionStatus::Escalated;
        self.finish(decision, vec![objection], EventKind::Escalated);
        Ok(())
    }

    fn decide(&mut self, rationale: &str, review_due: Option<Timestamp>) -> Result<(), ValidationError> {
        self.require_status(&[DecisionStatus::Open, DecisionStatus::Escalated], "decide")?;
        let case = self.case;
        let rationale = required_text(rationale, "the rationale")?;
        if review_due.is_some_and(|due| due <= self.now) {
            return Err(ValidationError::new("the review date must be in the future"));
        }
        let mut kind = EventKind::Decided;
        if case.decision.status == DecisionStatus::Escalated {
            let allowed = case.rights.escalation.as_ref().is_some_and(|e| e.people.contains(self.actor));
            if !allowed {
                return Err(ValidationError::forbidden(
                    "the decision was escalated: only the people it escalated to can decide it now",
                ));
            }
        } else {
            self.require_decider()?;
            match case.decision.process {
                Process::Advice => self.require_advice_taken()?,
                Process::Consent => {
                    self.require_consent_complete()?;
                    kind = EventKind::Adopted;
                }
                Process::Autonomous => {}
            }
        }
        let mut decision = case.decision.clone();
        decision.status = if kind == EventKind::Adopted { DecisionStatus::Adopted } else { DecisionStatus::Decided };
        decision.decider = Some(self.actor.clone());
        decision.decided_at = Some(self.now);
        decision.rationale = Some(rationale);
        decision.review_due = review_due;
        self.finish(decision, Vec::new(), kind);
        Ok(())
    }

    fn require_decider(&self) -> Result<(), ValidationError> {
        if self.case.rights.may_decide(self.actor) {
            return Ok(());
        }
        let deciders: Vec<&str> = self.case.rights.deciders.iter().map(|d| d.person.as_str()).collect();
        Err(ValidationError::forbidden(format!(
            "{} does not hold the right to decide this; {} can",
            self.actor,
            if deciders.is_empty() { "nobody".to_owned() } else { deciders.join(", ") }
        )))
    }

    fn require_advice_taken(&self) -> Result<(), ValidationError> {
        let awaited = self.case.awaited();
        let deadline_passed = self.case.decision.deadline.is_some_and(|deadline| deadline <= self.now);
        if awaited.is_empty() || deadline_passed {
            return Ok(());
        }
        let names: Vec<&str> = awaited.iter().map(|person| person.as_str()).collect();
        let until = self.case.decision.deadline.map(|d| format!(" or until {d}")).unwrap_or_default();
        Err(ValidationError::wrong_state(format!(
            "cannot decide yet: waiting for advice from {}{until}",
            names.join(", ")
        )))
    }

    fn require_consent_complete(&self) -> Result<(), ValidationError> {
        if let Some(objection) = self.case.open_objections().next() {
            return Err(ValidationError::wrong_state(format!(
                "cannot adopt: objection {} by {} is open; integrate it, or it must be withdrawn or escalated",
                objection.id, objection.person
            )));
        }
        let missing: Vec<&str> = self
            .case
            .rights
            .advisors
            .iter()
            .map(|advisor| &advisor.person)
            .filter(|person| {
                !self.case.responses.iter().any(|r| &r.person == *person && r.kind == ResponseKind::Consent)
            })
            .map(PersonId::as_str)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(ValidationError::wrong_state(format!(
            "cannot adopt before the deadline: waiting for consent from {}; with no objection it is adopted at the deadline",
            missing.join(", ")
        )))
    }

    fn withdraw(&mut self, reason: Option<String>) -> Result<(), ValidationError> {
        self.require_status(&[DecisionStatus::Draft, DecisionStatus::Open, DecisionStatus::Escalated], "withdraw it")?;
        if self.actor != &self.case.decision.proposer {
            return Err(ValidationError::forbidden("only the proposer can withdraw a proposal"));
        }
        let mut decision = self.case.decision.clone();
        decision.status = DecisionStatus::Withdrawn;
        decision.rationale = reason.or(decision.rationale);
        self.finish(decision, Vec::new(), EventKind::Withdrawn);
        Ok(())
    }

    fn review(&mut self, outcome: crate::decision::Outcome, learned: &str) -> Result<(), ValidationError> {
        self.require_status(
            &[DecisionStatus::Decided, DecisionStatus::Adopted, DecisionStatus::ReviewDue],
            "review it",
        )?;
        let decision = self.case.decision;
        if decision.decider.as_ref() != Some(self.actor)
            && self.actor != &decision.proposer
            && !self.case.rights.may_decide(self.actor)
        {
            return Err(ValidationError::forbidden(
                "only the decider, the proposer or a current decider can review it",
            ));
        }
        let learned = required_text(learned, "what was learned")?;
        let mut decision = decision.clone();
        decision.status = DecisionStatus::Reviewed;
        decision.outcome = Some(outcome);
        decision.learned = Some(learned);
        self.finish(decision, Vec::new(), EventKind::Reviewed);
        Ok(())
    }
}

fn required_text(text: &str, what: &str) -> Result<String, ValidationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ValidationError::new(format!("{what} is required")));
    }
    if text.chars().count() > 20_000 {
        return Err(ValidationError::new(format!("{what} is longer than 20,000 characters")));
    }
    Ok(text.to_owned())
}

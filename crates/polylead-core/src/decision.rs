//! Decisions and the advice, consent and objections given on them. The lifecycle rules
//! arrive with the decisions issue; here are the records and their invariants.

use jiff::Timestamp;

use crate::domain::Process;
use crate::ids::{DecisionId, DomainId, PersonId, ResponseId, TeamId};
use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::text::{Keyword, vocabulary};

vocabulary! {
    DecisionStatus {
        Draft = "draft",
        Open = "open",
        Decided = "decided",
        Adopted = "adopted",
        Withdrawn = "withdrawn",
        Escalated = "escalated",
        ReviewDue = "review_due",
        Reviewed = "reviewed",
    }
}

vocabulary! {
    /// How a reviewed decision turned out.
    Outcome { Worked = "worked", Partly = "partly", DidNot = "did_not" }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Decision {
    pub id: DecisionId,
    pub domain: DomainId,
    pub title: String,
    pub proposal: Option<String>,
    pub proposer: PersonId,
    pub decider: Option<PersonId>,
    pub process: Process,
    pub status: DecisionStatus,
    pub amount: Option<f64>,
    pub scope: Option<TeamId>,
    pub tags: Vec<Keyword>,
    pub created_at: Timestamp,
    pub deadline: Option<Timestamp>,
    pub decided_at: Option<Timestamp>,
    pub rationale: Option<String>,
    pub review_due: Option<Timestamp>,
    pub outcome: Option<Outcome>,
    pub learned: Option<String>,
}

/// What a new proposal says: the rest of a draft is empty until it runs.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: DecisionId,
    pub domain: DomainId,
    pub title: String,
    pub text: Option<String>,
    pub proposer: PersonId,
    pub attributes: crate::condition::Attributes,
    pub created_at: Timestamp,
}

impl Decision {
    /// A draft of `proposal`; its process is settled by the matching rule when it opens.
    pub fn draft(proposal: Proposal) -> Decision {
        Decision {
            id: proposal.id,
            domain: proposal.domain,
            title: proposal.title,
            proposal: proposal.text,
            proposer: proposal.proposer,
            decider: None,
            process: Process::Advice,
            status: DecisionStatus::Draft,
            amount: proposal.attributes.amount,
            scope: proposal.attributes.scope,
            tags: proposal.attributes.tags,
            created_at: proposal.created_at,
            deadline: None,
            decided_at: None,
            rationale: None,
            review_due: None,
            outcome: None,
            learned: None,
        }
    }
}

impl Record for Decision {
    const ENTITY: Entity = Entity::Decision;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Decision id."),
        col("domain_id", Kind::Text, true, "Id of the domain it is decided in."),
        col("title", Kind::Text, true, "One line saying what is decided."),
        col("proposal", Kind::Text, false, "The proposal's text."),
        col("proposer_id", Kind::Text, true, "Id of the person who proposed it."),
        col("decider_id", Kind::Text, false, "Id of the person who decided (empty while open)."),
        col("process", Kind::Text, true, "autonomous, advice or consent."),
        col("status", Kind::Text, true, "draft, open, decided, adopted, withdrawn, escalated, review_due or reviewed."),
        col("amount", Kind::Float, false, "Amount of money involved; zero or more."),
        col("scope_team_id", Kind::Text, false, "Id of the team the decision affects."),
        col("tags", Kind::List, false, "Tags, separated by ';'."),
        col("created_at", Kind::Time, true, "When it was proposed."),
        col("deadline", Kind::Time, false, "When advice or consent closes."),
        col("decided_at", Kind::Time, false, "When it was decided or adopted; not before created_at."),
        col("rationale", Kind::Text, false, "Why it was decided this way."),
        col("review_due", Kind::Time, false, "When its outcome should be reviewed."),
        col("outcome", Kind::Text, false, "Review result: worked, partly or did_not."),
        col("learned", Kind::Text, false, "What the review learned."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.domain.as_str().into(),
            self.title.as_str().into(),
            self.proposal.clone().into(),
            self.proposer.as_str().into(),
            self.decider.as_ref().map(PersonId::as_str).into(),
            self.process.as_str().into(),
            self.status.as_str().into(),
            self.amount.into(),
            self.scope.as_ref().map(TeamId::as_str).into(),
            self.tags.iter().map(Keyword::to_string).collect::<Vec<_>>().into(),
            self.created_at.into(),
            self.deadline.into(),
            self.decided_at.into(),
            self.rationale.clone().into(),
            self.review_due.into(),
            self.outcome.map(Outcome::as_str).into(),
            self.learned.clone().into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Decision, FieldError> {
        let decision = Decision {
            id: fields.parse()?,
            domain: fields.parse()?,
            title: fields.opt_text()?.ok_or_else(|| Fields::refuse("title", "is required"))?,
            proposal: fields.opt_text()?,
            proposer: fields.parse()?,
            decider: fields.opt_parse()?,
            process: fields.parse()?,
            status: fields.parse()?,
            amount: fields.opt_float()?,
            scope: fields.opt_parse()?,
            tags: fields.list()?,
            created_at: fields.time()?,
            deadline: fields.opt_time()?,
            decided_at: fields.opt_time()?,
            rationale: fields.opt_text()?,
            review_due: fields.opt_time()?,
            outcome: fields.opt_parse()?,
            learned: fields.opt_text()?,
        };
        if decision.amount.is_some_and(|amount| amount < 0.0) {
            return Err(Fields::refuse("amount", "must be zero or more"));
        }
        if decision.decided_at.is_some_and(|decided| decided < decision.created_at) {
            return Err(Fields::refuse("decided_at", "is before created_at"));
        }
        Ok(decision)
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

vocabulary! {
    ResponseKind { Advice = "advice", Consent = "consent", Objection = "objection" }
}

vocabulary! {
    /// How an objection was resolved.
    Resolution { Integrated = "integrated", Withdrawn = "withdrawn", Escalated = "escalated" }
}

/// Advice, consent or an objection given on a decision.
#[derive(Clone, PartialEq, Debug)]
pub struct Response {
    pub id: ResponseId,
    pub decision: DecisionId,
    pub person: PersonId,
    pub kind: ResponseKind,
    pub text: Option<String>,
    pub given_at: Timestamp,
    pub resolution: Option<Resolution>,
}

impl Record for Response {
    const ENTITY: Entity = Entity::Response;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Response id."),
        col("decision_id", Kind::Text, true, "Id of the decision responded to."),
        col("person_id", Kind::Text, true, "Id of the person responding."),
        col("kind", Kind::Text, true, "advice, consent or objection."),
        col("text", Kind::Text, false, "The advice, or the objection's reason (required for objections)."),
        col("given_at", Kind::Time, true, "When it was given."),
        col("resolution", Kind::Text, false, "For objections: integrated, withdrawn or escalated; empty while open."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.decision.as_str().into(),
            self.person.as_str().into(),
            self.kind.as_str().into(),
            self.text.clone().into(),
            self.given_at.into(),
            self.resolution.map(Resolution::as_str).into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Response, FieldError> {
        let response = Response {
            id: fields.parse()?,
            decision: fields.parse()?,
            person: fields.parse()?,
            kind: fields.parse()?,
            text: fields.opt_text()?,
            given_at: fields.time()?,
            resolution: fields.opt_parse()?,
        };
        if response.kind == ResponseKind::Objection && response.text.is_none() {
            return Err(Fields::refuse("text", "an objection must carry a reason"));
        }
        if response.kind != ResponseKind::Objection && response.resolution.is_some() {
            return Err(Fields::refuse("resolution", "only objections are resolved"));
        }
        Ok(response)
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

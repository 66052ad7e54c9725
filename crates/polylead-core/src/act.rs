//! Leadership acts: one enacted piece of leadership (METRICS.md §1.4, the normative record).

use jiff::Timestamp;

use crate::ids::{ActId, DecisionId, DomainId, PersonId, TeamId};
use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::role::Contribution;
use crate::text::vocabulary;

vocabulary! {
    /// Who recorded the act.
    ActSource { SelfLog = "self_log", PeerLog = "peer_log", Observed = "observed", System = "system" }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Act {
    pub id: ActId,
    pub actor: PersonId,
    pub co_actors: Vec<PersonId>,
    pub targets: Vec<PersonId>,
    pub initiator: Option<PersonId>,
    pub kind: Contribution,
    pub domain: Option<DomainId>,
    pub team: Option<TeamId>,
    pub started_at: Timestamp,
    pub duration_s: Option<u32>,
    pub planned: Option<bool>,
    pub channel: Option<String>,
    pub influence: Option<u8>,
    pub routine: Option<String>,
    pub decision: Option<DecisionId>,
    pub source: ActSource,
}

impl Record for Act {
    const ENTITY: Entity = Entity::Act;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Act id."),
        col("actor_id", Kind::Text, true, "Id of the person who performed the act."),
        col(
            "co_actor_ids",
            Kind::List,
            false,
            "Ids of people who performed it together with the actor, separated by ';'.",
        ),
        col("target_ids", Kind::List, false, "Ids of people the act was directed at, separated by ';'."),
        col("initiator_id", Kind::Text, false, "Id of the person who initiated it."),
        col(
            "act_type",
            Kind::Text,
            true,
            "vision_direction, execution_delivery, relationship_culture, technical_expertise or challenge_critique.",
        ),
        col("domain_id", Kind::Text, false, "Id of the domain the act concerns."),
        col("team_id", Kind::Text, false, "Id of the team the act happened in."),
        col("started_at", Kind::Time, true, "When the act started."),
        col("duration_s", Kind::Int, false, "Duration in seconds."),
        col("planned", Kind::Bool, false, "true if planned, false if spontaneous."),
        col("channel", Kind::Text, false, "Medium: meeting, chat, e-mail, …"),
        col("influence", Kind::Int, false, "Perceived influence, 1-4."),
        col("routine_id", Kind::Text, false, "The routine it belongs to (groups acts for METRICS.md M18)."),
        col("decision_id", Kind::Text, false, "Id of the decision it is part of."),
        col("source", Kind::Text, true, "self_log, peer_log, observed or system."),
    ];

    fn values(&self) -> Vec<Value> {
        let ids = |ids: &[PersonId]| ids.iter().map(PersonId::to_string).collect::<Vec<_>>();
        vec![
            self.id.as_str().into(),
            self.actor.as_str().into(),
            ids(&self.co_actors).into(),
            ids(&self.targets).into(),
            self.initiator.as_ref().map(PersonId::as_str).into(),
            self.kind.as_str().into(),
            self.domain.as_ref().map(DomainId::as_str).into(),
            self.team.as_ref().map(TeamId::as_str).into(),
            self.started_at.into(),
            self.duration_s.into(),
            self.planned.into(),
            self.channel.clone().into(),
            self.influence.into(),
            self.routine.clone().into(),
            self.decision.as_ref().map(DecisionId::as_str).into(),
            self.source.as_str().into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Act, FieldError> {
        Ok(Act {
            id: fields.parse()?,
            actor: fields.parse()?,
            co_actors: fields.list()?,
            targets: fields.list()?,
            initiator: fields.opt_parse()?,
            kind: fields.parse()?,
            domain: fields.opt_parse()?,
            team: fields.opt_parse()?,
            started_at: fields.time()?,
            duration_s: fields.opt_int_in(0..=i64::from(u32::MAX))?.map(|seconds| seconds as u32),
            planned: fields.opt_bool()?,
            channel: fields.opt_text()?,
            influence: fields.opt_int_in(1..=4)?.map(|influence| influence as u8),
            routine: fields.opt_text()?,
            decision: fields.opt_parse()?,
            source: fields.parse()?,
        })
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

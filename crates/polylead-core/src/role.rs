//! Roles in teams, the leadership contribution types they carry, and the people filling them.

use crate::ids::{PersonId, RoleId, TeamId};
use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::text::{Name, vocabulary};

vocabulary! {
    /// The five leadership contribution types (PRODUCT.md, METRICS.md §1.4).
    Contribution {
        VisionDirection = "vision_direction",
        ExecutionDelivery = "execution_delivery",
        RelationshipCulture = "relationship_culture",
        TechnicalExpertise = "technical_expertise",
        ChallengeCritique = "challenge_critique",
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Role {
    pub id: RoleId,
    pub team: TeamId,
    pub name: Name,
    pub purpose: Option<String>,
    /// Ongoing activities the role is expected to perform.
    pub accountabilities: Vec<String>,
    pub contributions: Vec<Contribution>,
    /// Flagged critical for succession planning (METRICS.md M16).
    pub critical: bool,
}

impl Record for Role {
    const ENTITY: Entity = Entity::Role;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Role id."),
        col("team_id", Kind::Text, true, "Id of the team the role lives in."),
        col("name", Kind::Text, true, "Role name, 1-200 characters."),
        col("purpose", Kind::Text, false, "Why the role exists."),
        col("accountabilities", Kind::List, false, "Ongoing activities, separated by ';'."),
        col(
            "contributions",
            Kind::List,
            false,
            "Leadership contribution types carried, separated by ';': vision_direction, execution_delivery, relationship_culture, technical_expertise, challenge_critique.",
        ),
        col("critical", Kind::Bool, false, "true when flagged critical for succession (default false)."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.team.as_str().into(),
            self.name.as_str().into(),
            self.purpose.clone().into(),
            self.accountabilities.clone().into(),
            self.contributions.iter().map(|c| c.as_str().to_owned()).collect::<Vec<_>>().into(),
            self.critical.into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Role, FieldError> {
        Ok(Role {
            id: fields.parse()?,
            team: fields.parse()?,
            name: fields.parse()?,
            purpose: fields.opt_text()?,
            accountabilities: fields.text_list()?,
            contributions: fields.list()?,
            critical: fields.opt_bool()?.unwrap_or(false),
        })
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

/// A person filling a role, with an optional focus ("rota planning").
#[derive(Clone, PartialEq, Debug)]
pub struct RoleFiller {
    pub role: RoleId,
    pub person: PersonId,
    pub focus: Option<String>,
}

impl Record for RoleFiller {
    const ENTITY: Entity = Entity::RoleFiller;
    const COLUMNS: &'static [Column] = &[
        col("role_id", Kind::Text, true, "Id of the role filled."),
        col("person_id", Kind::Text, true, "Id of the person filling it. Each (role_id, person_id) pair once."),
        col("focus", Kind::Text, false, "What this filler focuses on within the role."),
    ];
    const KEY: &'static [&'static str] = &["role_id", "person_id"];

    fn values(&self) -> Vec<Value> {
        vec![self.role.as_str().into(), self.person.as_str().into(), self.focus.clone().into()]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<RoleFiller, FieldError> {
        Ok(RoleFiller { role: fields.parse()?, person: fields.parse()?, focus: fields.opt_text()? })
    }

    fn key(&self) -> String {
        format!("{}/{}", self.role, self.person)
    }
}

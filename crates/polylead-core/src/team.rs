//! Teams (circles), nested by `parent`.

use crate::ids::TeamId;
use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::text::Name;

#[derive(Clone, PartialEq, Debug)]
pub struct Team {
    pub id: TeamId,
    pub name: Name,
    pub purpose: Option<String>,
    /// The team this one is nested in; `None` for a top-level team.
    pub parent: Option<TeamId>,
}

impl Record for Team {
    const ENTITY: Entity = Entity::Team;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Team id."),
        col("name", Kind::Text, true, "Team name, 1-200 characters."),
        col("purpose", Kind::Text, false, "Why the team exists."),
        col("parent_id", Kind::Text, false, "Id of the team this one is nested in; empty at the top. No cycles."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.name.as_str().into(),
            self.purpose.clone().into(),
            self.parent.as_ref().map(TeamId::as_str).into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Team, FieldError> {
        let team = Team {
            id: fields.parse()?,
            name: fields.parse()?,
            purpose: fields.opt_text()?,
            parent: fields.opt_parse()?,
        };
        if team.parent.as_ref() == Some(&team.id) {
            return Err(Fields::refuse("parent_id", "a team cannot be nested in itself"));
        }
        Ok(team)
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

//! People: members of the organisation, past and present. People leave; their history stays.

use jiff::civil::Date;

use crate::ids::{PersonId, TeamId};
use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::text::{Email, Keyword, Name};

#[derive(Clone, PartialEq, Debug)]
pub struct Person {
    pub id: PersonId,
    pub name: Name,
    pub email: Option<Email>,
    /// Skills and expertise, for "who knows about X".
    pub skills: Vec<Keyword>,
    /// Formal level: reporting steps below the top (0 = head of the organisation).
    pub level: Option<u8>,
    /// The formal superior (the org chart's reporting line).
    pub superior: Option<PersonId>,
    /// The primary team, used where a measure needs one team per person (E-I index).
    pub team: Option<TeamId>,
    pub joined: Option<Date>,
    pub left: Option<Date>,
}

impl Person {
    /// Whether the person was a member on `day` (open-ended when dates are missing).
    pub fn is_member_on(&self, day: Date) -> bool {
        self.joined.is_none_or(|joined| joined <= day) && self.left.is_none_or(|left| day < left)
    }
}

impl Record for Person {
    const ENTITY: Entity = Entity::Person;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Person id (letters, digits, . _ : -; at most 64)."),
        col("name", Kind::Text, true, "Full name, 1-200 characters."),
        col("email", Kind::Text, false, "E-mail address."),
        col("skills", Kind::List, false, "Skills and expertise keywords, separated by ';'."),
        col("level", Kind::Int, false, "Formal level: reporting steps below the top, 0 = head (0-50)."),
        col("superior_id", Kind::Text, false, "Id of the formal superior (a person)."),
        col("team_id", Kind::Text, false, "Id of the person's primary team."),
        col("joined_on", Kind::Date, false, "Date the person joined."),
        col("left_on", Kind::Date, false, "Date the person left; empty while a member."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.name.as_str().into(),
            self.email.as_ref().map(Email::as_str).into(),
            self.skills.iter().map(|skill| skill.to_string()).collect::<Vec<_>>().into(),
            self.level.into(),
            self.superior.as_ref().map(PersonId::as_str).into(),
            self.team.as_ref().map(TeamId::as_str).into(),
            self.joined.into(),
            self.left.into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Person, FieldError> {
        let person = Person {
            id: fields.parse()?,
            name: fields.parse()?,
            email: fields.opt_parse()?,
            skills: fields.list()?,
            level: fields.opt_int_in(0..=50)?.map(|level| level as u8),
            superior: fields.opt_parse()?,
            team: fields.opt_parse()?,
            joined: fields.opt_date()?,
            left: fields.opt_date()?,
        };
        if person.superior.as_ref() == Some(&person.id) {
            return Err(Fields::refuse("superior_id", "a person cannot be their own superior"));
        }
        if let (Some(joined), Some(left)) = (person.joined, person.left)
            && left < joined
        {
            return Err(Fields::refuse("left_on", format!("{left} is before joined_on {joined}")));
        }
        Ok(person)
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

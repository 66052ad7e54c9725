//! Advice ties: person `seeker` goes to person `source` for advice on a subject.
//! Direction follows METRICS.md §0: the tie points from the seeker to the one sought.

use crate::ids::{PersonId, TieId};
use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::text::vocabulary;

vocabulary! {
    /// Where the tie comes from.
    TieOrigin { Survey = "survey", Derived = "derived" }
}

#[derive(Clone, PartialEq, Debug)]
pub struct AdviceTie {
    pub id: TieId,
    pub seeker: PersonId,
    pub source: PersonId,
    pub subject: Option<String>,
    /// How often, 1 (a few times a year) to 5 (daily).
    pub frequency: Option<u8>,
    /// Influence on the seeker's work, 1-4.
    pub influence: Option<u8>,
    pub origin: TieOrigin,
    /// The survey wave or period the tie was observed in.
    pub wave: Option<String>,
}

impl AdviceTie {
    /// The tie's weight: frequency × influence, or 1 when unknown (METRICS.md §0).
    pub fn weight(&self) -> f64 {
        f64::from(self.frequency.unwrap_or(1)) * f64::from(self.influence.unwrap_or(1))
    }
}

impl Record for AdviceTie {
    const ENTITY: Entity = Entity::AdviceTie;
    const COLUMNS: &'static [Column] = &[
        col("id", Kind::Text, true, "Tie id."),
        col("seeker_id", Kind::Text, true, "Id of the person who seeks advice."),
        col("source_id", Kind::Text, true, "Id of the person sought; differs from seeker_id."),
        col("subject", Kind::Text, false, "What the advice is about."),
        col("frequency", Kind::Int, false, "How often, 1 (a few times a year) to 5 (daily)."),
        col("influence", Kind::Int, false, "Influence on the seeker's work, 1-4."),
        col("origin", Kind::Text, true, "survey or derived."),
        col("wave", Kind::Text, false, "Survey wave or period, e.g. 2025-spring."),
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.as_str().into(),
            self.seeker.as_str().into(),
            self.source.as_str().into(),
            self.subject.clone().into(),
            self.frequency.into(),
            self.influence.into(),
            self.origin.as_str().into(),
            self.wave.clone().into(),
        ]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<AdviceTie, FieldError> {
        let tie = AdviceTie {
            id: fields.parse()?,
            seeker: fields.parse()?,
            source: fields.parse()?,
            subject: fields.opt_text()?,
            frequency: fields.opt_int_in(1..=5)?.map(|frequency| frequency as u8),
            influence: fields.opt_int_in(1..=4)?.map(|influence| influence as u8),
            origin: fields.parse()?,
            wave: fields.opt_text()?,
        };
        if tie.seeker == tie.source {
            return Err(Fields::refuse("source_id", "a person cannot seek advice from themselves"));
        }
        Ok(tie)
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

//! Erasing a person: every column of a stored row that can name a person, and how a name
//! there is replaced by a pseudonym. The rows, the history and the acts keep their shape (the
//! same rows, links and times) but no longer say who the person was.

use crate::domain::Party;
use crate::ids::PersonId;
use crate::record::{Entity, LIST_SEPARATOR};

/// How a column names people.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reference {
    /// A person id.
    Id,
    /// Person ids separated by `;` (a JSON array in the history).
    IdList,
    /// A party: `person:ID`, `role:ID`, `team:ID` or `holder`.
    Party,
    /// Parties separated by `;` (a JSON array in the history).
    PartyList,
}

/// Every column of every entity that can name a person.
pub const PERSON_REFERENCES: &[(Entity, &str, Reference)] = &[
    (Entity::Person, "id", Reference::Id),
    (Entity::Person, "superior_id", Reference::Id),
    (Entity::RoleFiller, "person_id", Reference::Id),
    (Entity::Rule, "decider", Reference::Party),
    (Entity::Rule, "consulted", Reference::PartyList),
    (Entity::Rule, "informed", Reference::PartyList),
    (Entity::Rule, "escalate_to", Reference::Party),
    (Entity::Delegation, "delegate_id", Reference::Id),
    (Entity::Delegation, "delegated_by_id", Reference::Id),
    (Entity::Decision, "proposer_id", Reference::Id),
    (Entity::Decision, "decider_id", Reference::Id),
    (Entity::Response, "person_id", Reference::Id),
    (Entity::Act, "actor_id", Reference::Id),
    (Entity::Act, "co_actor_ids", Reference::IdList),
    (Entity::Act, "target_ids", Reference::IdList),
    (Entity::Act, "initiator_id", Reference::Id),
    (Entity::AdviceTie, "seeker_id", Reference::Id),
    (Entity::AdviceTie, "source_id", Reference::Id),
];

/// The columns of `entity` that can name a person.
pub fn person_columns(entity: Entity) -> impl Iterator<Item = (&'static str, Reference)> {
    PERSON_REFERENCES.iter().filter(move |(of, _, _)| *of == entity).map(|(_, column, reference)| (*column, *reference))
}

/// The name an erased person's row keeps; their e-mail address and skills are emptied.
pub const ERASED_NAME: &str = "Erased person";

/// The people columns that say who someone is, emptied on erasure (beside the name).
pub const PERSONAL_COLUMNS: &[&str] = &["email", "skills"];

/// The pseudonym an erased person's id becomes: `erased-` and 16 hex digits of `random`,
/// which the caller draws from a secure source (the core has no randomness).
pub fn pseudonym(random: u64) -> PersonId {
    PersonId::parse(&format!("erased-{random:016x}")).unwrap_or_else(|_| unreachable!("the pseudonym is a valid id"))
}

impl Reference {
    /// For a list, how each item names people; a single reference itself.
    pub fn item(self) -> Reference {
        match self {
            Reference::IdList => Reference::Id,
            Reference::PartyList => Reference::Party,
            single => single,
        }
    }

    pub fn is_list(self) -> bool {
        self != self.item()
    }

    /// `stored` (a cell as stored: an id, a party, or items separated by `;`) with `from`
    /// replaced by `to`, or `None` when it does not name `from`.
    pub fn rename(self, stored: &str, from: &PersonId, to: &PersonId) -> Option<String> {
        if !self.is_list() {
            return self.rename_item(stored, from, to);
        }
        let items: Vec<&str> = stored.split(LIST_SEPARATOR).collect();
        let renamed: Vec<Option<String>> = items.iter().map(|item| self.item().rename_item(item, from, to)).collect();
        renamed.iter().any(Option::is_some).then(|| {
            let items = items.iter().zip(renamed).map(|(item, renamed)| renamed.unwrap_or_else(|| (*item).to_owned()));
            items.collect::<Vec<_>>().join(&LIST_SEPARATOR.to_string())
        })
    }

    /// One id or party with `from` replaced by `to`, or `None` when it does not name `from`.
    pub fn rename_item(self, item: &str, from: &PersonId, to: &PersonId) -> Option<String> {
        match self.item() {
            Reference::Id => (item.trim() == from.as_str()).then(|| to.as_str().to_owned()),
            _ => match item.parse::<Party>() {
                Ok(Party::Person(person)) if person == *from => Some(Party::Person(to.clone()).to_string()),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::columns;
    use crate::record::Kind;

    fn ids() -> (PersonId, PersonId) {
        (PersonId::parse("p7").unwrap(), pseudonym(0xabc))
    }

    #[test]
    fn renames_ids_and_parties_exactly() {
        let (from, to) = ids();
        assert_eq!(to.as_str(), "erased-0000000000000abc");
        assert_eq!(Reference::Id.rename("p7", &from, &to).as_deref(), Some("erased-0000000000000abc"));
        assert_eq!(Reference::Id.rename("p70", &from, &to), None);
        assert_eq!(
            Reference::IdList.rename("p1;p7;p70", &from, &to).as_deref(),
            Some("p1;erased-0000000000000abc;p70")
        );
        assert_eq!(Reference::IdList.rename("p1;p70", &from, &to), None);
        assert_eq!(Reference::Party.rename("person:p7", &from, &to).as_deref(), Some("person:erased-0000000000000abc"));
        assert_eq!(Reference::Party.rename("role:p7", &from, &to), None);
        assert_eq!(Reference::Party.rename("holder", &from, &to), None);
        assert_eq!(
            Reference::PartyList.rename("team:t1;person:p7", &from, &to).as_deref(),
            Some("team:t1;person:erased-0000000000000abc")
        );
    }

    /// Every column documented as holding person ids or parties is listed, with the right shape
    /// (so a new column that names people cannot be forgotten by erasure).
    #[test]
    fn lists_every_column_that_names_people() {
        for entity in Entity::ALL {
            for column in columns(entity) {
                let doc = column.doc;
                let names_people = ["Id of the person ", "Ids of people", "Id of the formal superior", "Part"]
                    .iter()
                    .any(|start| doc.starts_with(start))
                    || doc.contains("person:ID")
                    || (entity == Entity::Person && column.name == "id");
                let listed = person_columns(entity).find(|(name, _)| *name == column.name);
                assert_eq!(listed.is_some(), names_people, "{entity}.{}: {}", column.name, column.doc);
                if let Some((_, reference)) = listed {
                    assert_eq!(reference.is_list(), column.kind == Kind::List, "{entity}.{}", column.name);
                }
            }
        }
    }
}

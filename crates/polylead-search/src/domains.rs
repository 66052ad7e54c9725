//! Routing free text to decision domains.

use std::collections::BTreeMap;
use std::fmt;

use polylead_core::dataset::Dataset;
use polylead_core::domain::{Domain, Holder};
use polylead_core::ids::{DomainId, RoleId, TeamId};
use polylead_core::role::Role;
use polylead_core::team::Team;

use crate::SearchError;
use crate::engine::{TextIndex, Words};

/// The parts of a domain that are searched, each with its weight.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum DomainField {
    /// The domain's name (weight 3).
    Name,
    /// Its keywords (weight 2.5).
    Keywords,
    /// Its description (weight 1).
    Description,
    /// The holder: the holding role's name, purpose and accountabilities, or for a team its
    /// name, purpose and every role in it (weight 0.5).
    Holder,
}

impl DomainField {
    pub const ALL: [DomainField; 4] =
        [DomainField::Name, DomainField::Keywords, DomainField::Description, DomainField::Holder];

    pub fn as_str(self) -> &'static str {
        match self {
            DomainField::Name => "name",
            DomainField::Keywords => "keywords",
            DomainField::Description => "description",
            DomainField::Holder => "holder",
        }
    }

    fn boost(self) -> f32 {
        match self {
            DomainField::Name => 3.0,
            DomainField::Keywords => 2.5,
            DomainField::Description => 1.0,
            DomainField::Holder => 0.5,
        }
    }
}

impl fmt::Display for DomainField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The words of the query (as the user wrote them) found in one field.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FieldMatch {
    pub field: DomainField,
    pub words: Vec<String>,
}

impl fmt::Display for FieldMatch {
    /// `name: rota, night`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.words.join(", "))
    }
}

/// A domain the text may belong to.
#[derive(Clone, PartialEq, Debug)]
pub struct DomainMatch {
    pub domain: DomainId,
    /// BM25 relevance (higher is better); comparable only within one answer.
    pub score: f32,
    /// Which words matched where, in the order of [`DomainField::ALL`]; never empty.
    pub matched: Vec<FieldMatch>,
}

/// A full-text index of an organisation's decision domains, in RAM.
pub struct DomainIndex {
    index: TextIndex,
    /// Domain ids by ord (sorted).
    ids: Vec<DomainId>,
}

impl DomainIndex {
    /// Indexes the dataset's domains, with the text of the roles and teams holding them.
    pub fn build(data: &Dataset) -> Result<DomainIndex, SearchError> {
        DomainIndex::from_parts(&data.domains, &data.roles, &data.teams)
    }

    /// Indexes `domains`; `roles` and `teams` give the holders' text (a holder missing from
    /// them contributes none).
    pub fn from_parts(domains: &[Domain], roles: &[Role], teams: &[Team]) -> Result<DomainIndex, SearchError> {
        let roles_by_id: BTreeMap<&RoleId, &Role> = roles.iter().map(|role| (&role.id, role)).collect();
        let teams_by_id: BTreeMap<&TeamId, &Team> = teams.iter().map(|team| (&team.id, team)).collect();
        let mut roles_by_team: BTreeMap<&TeamId, Vec<&Role>> = BTreeMap::new();
        for role in roles {
            roles_by_team.entry(&role.team).or_default().push(role);
        }
        let mut sorted: Vec<&Domain> = domains.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));

        let fields = DomainField::ALL.map(|field| (field.as_str(), field.boost()));
        let docs = sorted.iter().map(|domain| {
            let mut holder = Vec::new();
            match &domain.holder {
                Holder::Role(id) => {
                    if let Some(role) = roles_by_id.get(id) {
                        push_role(&mut holder, role);
                    }
                }
                Holder::Team(id) => {
                    if let Some(team) = teams_by_id.get(id) {
                        holder.push(team.name.as_str().to_owned());
                        holder.extend(team.purpose.clone());
                    }
                    for role in roles_by_team.get(id).into_iter().flatten() {
                        push_role(&mut holder, role);
                    }
                }
            }
            vec![
                vec![domain.name.as_str().to_owned()],
                domain.keywords.iter().map(|keyword| keyword.as_str().to_owned()).collect(),
                domain.description.iter().cloned().collect(),
                holder,
            ]
        });
        let index = TextIndex::build(&fields, docs)?;
        Ok(DomainIndex { index, ids: sorted.into_iter().map(|domain| domain.id.clone()).collect() })
    }

    /// The `limit` domains that best match `text`, best first (score descending, then id).
    ///
    /// Any text is accepted: it is searched as plain words (at most
    /// [`MAX_QUERY_WORDS`](crate::MAX_QUERY_WORDS) distinct ones), so quotes, colons or
    /// `AND`/`OR` have no special meaning. Blank text is [`SearchError::EmptyText`]; text with
    /// no searchable word (only stop words, punctuation or emoji) matches nothing.
    pub fn route(&self, text: &str, limit: usize) -> Result<Vec<DomainMatch>, SearchError> {
        let words = Words::of_query(&mut self.index.analyzer(), text)?;
        let hits = self.index.search(&words, limit)?;
        hits.into_iter()
            .map(|hit| {
                let domain = self.ids.get(hit.ord as usize).ok_or(SearchError::Corrupt("a domain out of range"))?;
                let matched = DomainField::ALL
                    .into_iter()
                    .zip(hit.fields)
                    .filter(|(_, found)| !found.is_empty())
                    .map(|(field, found)| FieldMatch {
                        field,
                        words: found.into_iter().map(|term| words.terms[term].1.clone()).collect(),
                    })
                    .collect();
                Ok(DomainMatch { domain: domain.clone(), score: hit.score, matched })
            })
            .collect()
    }

    /// How many domains are indexed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn push_role(texts: &mut Vec<String>, role: &Role) {
    texts.push(role.name.as_str().to_owned());
    texts.extend(role.purpose.clone());
    texts.extend(role.accountabilities.iter().cloned());
}

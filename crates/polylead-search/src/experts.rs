//! "Who knows about X?": people ranked by what they know and have done on a subject.

use std::collections::{BTreeSet, HashMap};

use polylead_core::dataset::Dataset;
use polylead_core::ids::{DecisionId, PersonId, RoleId};
use polylead_core::person::Person;
use tantivy::tokenizer::TextAnalyzer;

use crate::SearchError;
use crate::engine::{TextIndex, Words};

/// A person who may know about the text searched for.
#[derive(Clone, PartialEq, Debug)]
pub struct ExpertMatch {
    pub person: PersonId,
    /// BM25 relevance (higher is better); comparable only within one answer.
    pub score: f32,
    /// Why, one line each: skills first, then roles, advice sought, decisions; never empty.
    pub reasons: Vec<String>,
}

/// The searched parts of a person, each with its weight.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ExpertField {
    /// Skill keywords (weight 3).
    Skills,
    /// Names, purposes and accountabilities of the roles filled, and the filler's focus (1.5).
    Roles,
    /// Subjects others seek this person's advice on, once per tie (2).
    Advice,
    /// Title, tags and proposal of every decision proposed, decided or responded to (1).
    Decisions,
}

impl ExpertField {
    const ALL: [ExpertField; 4] =
        [ExpertField::Skills, ExpertField::Roles, ExpertField::Advice, ExpertField::Decisions];

    fn name(self) -> &'static str {
        match self {
            ExpertField::Skills => "skills",
            ExpertField::Roles => "roles",
            ExpertField::Advice => "advice",
            ExpertField::Decisions => "decisions",
        }
    }

    fn boost(self) -> f32 {
        match self {
            ExpertField::Skills => 3.0,
            ExpertField::Roles => 1.5,
            ExpertField::Advice => 2.0,
            ExpertField::Decisions => 1.0,
        }
    }
}

/// How a person took part in a decision.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Part {
    Proposed,
    Decided,
    Responded,
}

impl Part {
    const ALL: [Part; 3] = [Part::Proposed, Part::Decided, Part::Responded];

    fn verb(self) -> &'static str {
        match self {
            Part::Proposed => "proposed",
            Part::Decided => "decided",
            Part::Responded => "responded to",
        }
    }
}

/// What is kept per person to explain a match.
struct Facts {
    id: PersonId,
    skills: Vec<String>,
    /// Indexes into `ExpertIndex::roles`.
    roles: Vec<u32>,
    /// Indexes into `ExpertIndex::decisions`, with the part taken; sorted, one per pair.
    decisions: Vec<(u32, Part)>,
    /// Subjects this person is sought for, with the number of distinct seekers.
    advice: Vec<(String, u32)>,
}

struct Text {
    /// Shown in reasons.
    label: String,
    /// Searched.
    text: String,
}

/// A full-text index of an organisation's people by what they know, in RAM.
pub struct ExpertIndex {
    index: TextIndex,
    /// By ord (sorted by id).
    people: Vec<Facts>,
    roles: Vec<Text>,
    decisions: Vec<Text>,
}

impl ExpertIndex {
    /// Indexes every person of the dataset (past members too: filter on
    /// [`Person::left`] if only current members should be asked).
    pub fn build(data: &Dataset) -> Result<ExpertIndex, SearchError> {
        let mut people: Vec<&Person> = data.people.iter().collect();
        people.sort_by(|a, b| a.id.cmp(&b.id));
        let ord_of: HashMap<&PersonId, usize> =
            people.iter().enumerate().map(|(ord, person)| (&person.id, ord)).collect();

        let roles: Vec<Text> = data
            .roles
            .iter()
            .map(|role| {
                let mut text = vec![role.name.as_str()];
                text.extend(role.purpose.as_deref());
                text.extend(role.accountabilities.iter().map(String::as_str));
                Text { label: role.name.as_str().to_owned(), text: text.join("\n") }
            })
            .collect();
        let role_ord: HashMap<&RoleId, usize> =
            data.roles.iter().enumerate().map(|(ord, role)| (&role.id, ord)).collect();
        let decisions: Vec<Text> = data
            .decisions
            .iter()
            .map(|decision| {
                let mut text = vec![decision.title.as_str()];
                text.extend(decision.tags.iter().map(|tag| tag.as_str()));
                text.extend(decision.proposal.as_deref());
                Text { label: decision.title.clone(), text: text.join("\n") }
            })
            .collect();
        let decision_ord: HashMap<&DecisionId, usize> =
            data.decisions.iter().enumerate().map(|(ord, decision)| (&decision.id, ord)).collect();

        let mut facts: Vec<Facts> = people
            .iter()
            .map(|person| Facts {
                id: person.id.clone(),
                skills: person.skills.iter().map(|skill| skill.as_str().to_owned()).collect(),
                roles: Vec::new(),
                decisions: Vec::new(),
                advice: Vec::new(),
            })
            .collect();
        let mut focus: Vec<Vec<String>> = vec![Vec::new(); people.len()];
        for filler in &data.fillers {
            if let (Some(&person), Some(&role)) = (ord_of.get(&filler.person), role_ord.get(&filler.role)) {
                facts[person].roles.push(role as u32);
                focus[person].extend(filler.focus.clone());
            }
        }
        for (ord, decision) in data.decisions.iter().enumerate() {
            let ord = ord as u32;
            if let Some(&person) = ord_of.get(&decision.proposer) {
                facts[person].decisions.push((ord, Part::Proposed));
            }
            if let Some(&person) = decision.decider.as_ref().and_then(|decider| ord_of.get(decider)) {
                facts[person].decisions.push((ord, Part::Decided));
            }
        }
        for response in &data.responses {
            if let (Some(&person), Some(&decision)) =
                (ord_of.get(&response.person), decision_ord.get(&response.decision))
            {
                facts[person].decisions.push((decision as u32, Part::Responded));
            }
        }
        // (source, subject, seeker), once each: several ties between two people on one
        // subject (survey waves) count once.
        let mut sought: Vec<(usize, &str, usize)> = data
            .ties
            .iter()
            .filter_map(|tie| {
                let source = *ord_of.get(&tie.source)?;
                let seeker = *ord_of.get(&tie.seeker)?;
                Some((source, tie.subject.as_deref()?, seeker))
            })
            .collect();
        sought.sort_unstable();
        sought.dedup();
        for group in sought.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (source, subject, _) = group[0];
            facts[source].advice.push((subject.to_owned(), group.len() as u32));
        }
        for person in &mut facts {
            person.roles.sort_unstable();
            person.roles.dedup();
            person.decisions.sort_unstable();
            person.decisions.dedup();
        }

        let fields = ExpertField::ALL.map(|field| (field.name(), field.boost()));
        let docs = facts.iter().zip(focus).map(|(person, focus)| {
            let mut role_texts: Vec<String> =
                person.roles.iter().map(|&role| roles[role as usize].text.clone()).collect();
            role_texts.extend(focus);
            let advice = person
                .advice
                .iter()
                .flat_map(|(subject, seekers)| std::iter::repeat_n(subject.clone(), *seekers as usize))
                .collect();
            let decision_texts =
                person.decisions.iter().map(|&(decision, _)| decisions[decision as usize].text.clone()).collect();
            vec![person.skills.clone(), role_texts, advice, decision_texts]
        });
        let index = TextIndex::build(&fields, docs)?;
        Ok(ExpertIndex { index, people: facts, roles, decisions })
    }

    /// The `limit` people who know most about `text`, best first (score descending, then id),
    /// each with the reasons. Text is handled as by [`DomainIndex::route`](crate::DomainIndex::route).
    pub fn experts(&self, text: &str, limit: usize) -> Result<Vec<ExpertMatch>, SearchError> {
        let mut analyzer = self.index.analyzer();
        let words = Words::of_query(&mut analyzer, text)?;
        let hits = self.index.search(&words, limit)?;
        hits.into_iter()
            .map(|hit| {
                let person = self.people.get(hit.ord as usize).ok_or(SearchError::Corrupt("a person out of range"))?;
                let reasons = self.reasons(&mut analyzer, &words, person);
                Ok(ExpertMatch { person: person.id.clone(), score: hit.score, reasons })
            })
            .collect()
    }

    fn reasons(&self, analyzer: &mut TextAnalyzer, words: &Words, person: &Facts) -> Vec<String> {
        let mut reasons = Vec::new();
        for skill in &person.skills {
            if words.occur_in(analyzer, skill) {
                reasons.push(format!("skill: {skill}"));
            }
        }
        for &role in &person.roles {
            let role = &self.roles[role as usize];
            if words.occur_in(analyzer, &role.text) {
                reasons.push(format!("fills the role {}", role.label));
            }
        }
        for (subject, seekers) in &person.advice {
            if words.occur_in(analyzer, subject) {
                let people = if *seekers == 1 { "1 person".to_owned() } else { format!("{seekers} people") };
                reasons.push(format!("sought for advice on {subject} by {people}"));
            }
        }
        for part in Part::ALL {
            let mut count = 0usize;
            let mut example: Option<&str> = None;
            let mut found: BTreeSet<usize> = BTreeSet::new();
            for &(decision, _) in person.decisions.iter().filter(|(_, taken)| *taken == part) {
                let decision = &self.decisions[decision as usize];
                let in_decision = words.found_in(analyzer, &decision.text);
                if in_decision.is_empty() {
                    continue;
                }
                count += 1;
                example.get_or_insert(&decision.label);
                found.extend(
                    in_decision.iter().filter_map(|word| words.terms.iter().position(|(_, written)| written == word)),
                );
            }
            if let Some(example) = example {
                let on: Vec<&str> = found.iter().map(|&term| words.terms[term].1.as_str()).collect();
                let noun = if count == 1 { "decision" } else { "decisions" };
                reasons.push(format!("{} {count} {noun} on {}, e.g. \"{example}\"", part.verb(), on.join(", ")));
            }
        }
        if reasons.is_empty() {
            // Matched only through a role filler's focus.
            reasons.push("the focus of a role filled".to_owned());
        }
        reasons
    }

    /// How many people are indexed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

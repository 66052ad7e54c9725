//! The demo organisation generator behind `polylead demo`: a realistic organisation of any
//! size from 5 to 1,000,000 people, in one of three profiles (home care with self-managing
//! nursing teams, a school or trust of schools, a lattice of project teams).
//!
//! Pure and deterministic: the seed and the end of the simulated year (`until`) are
//! parameters, and the same spec always gives the same rows. [`generate`] builds the
//! organisation without its leadership acts; [`acts`] streams the year's acts (about 100 per
//! person) without holding them all.
//!
//! Every event (decisions proposed and taken, advice and objections given, acts) happens in the
//! year before `until`. Schedules may lie after it: the deadline of an open decision, the review
//! date of a recent one.

mod acts;
mod calendar;
mod care;
mod decisions;
mod draft;
mod lattice;
mod names;
mod network;
mod random;
mod school;
mod templates;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use rand::Rng;

use self::calendar::{Year, season_label, timestamp};
use self::decisions::{DecisionDraft, DelegationDraft};
use self::draft::{Draft, Ids, numbered};
use self::network::TieDraft;
use self::random::{Stage, stream};
use crate::act::Act;
use crate::advice::{AdviceTie, TieOrigin};
use crate::dataset::Dataset;
use crate::decision::{Decision, Response};
use crate::domain::Delegation;
use crate::error::ValidationError;
use crate::ids::{DecisionId, DelegationId, ResponseId, TieId};

/// The kind of organisation to generate.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Profile {
    /// Home care by self-managing nursing teams, grouped in regions, with coaches and a back office.
    Care,
    /// A secondary school (a trust of schools above 200 people).
    School,
    /// A lattice of project teams with sponsors and guilds.
    Lattice,
}

impl Profile {
    pub const ALL: [Profile; 3] = [Profile::Care, Profile::School, Profile::Lattice];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Care => "care",
            Profile::School => "school",
            Profile::Lattice => "lattice",
        }
    }

    /// One line for help texts.
    pub fn describe(self) -> &'static str {
        match self {
            Profile::Care => "home care by self-managing nursing teams, coaches and a small back office",
            Profile::School => {
                "a secondary school with departments, year teams and teacher leaders (a trust when large)"
            }
            Profile::Lattice => "project teams with sponsors and guilds; people in one to three teams",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Profile, ValidationError> {
        let raw = raw.trim();
        Profile::ALL.into_iter().find(|profile| profile.as_str().eq_ignore_ascii_case(raw)).ok_or_else(|| {
            let options: Vec<&str> = Profile::ALL.iter().map(|profile| profile.as_str()).collect();
            ValidationError::new(format!("{raw:?} is not a demo profile; choose one of {}", options.join(", ")))
        })
    }
}

/// What to generate: the profile, how many people, the seed, and the end of the year simulated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DemoSpec {
    pub profile: Profile,
    pub people: u32,
    pub seed: u64,
    pub until: Timestamp,
}

pub const MIN_PEOPLE: u32 = 5;
pub const MAX_PEOPLE: u32 = 1_000_000;

impl DemoSpec {
    pub fn validate(&self) -> Result<(), ValidationError> {
        if !(MIN_PEOPLE..=MAX_PEOPLE).contains(&self.people) {
            return Err(ValidationError::new(format!(
                "a demo organisation has {MIN_PEOPLE} to {MAX_PEOPLE} people, not {}",
                self.people
            )));
        }
        Year::ending(self.until).map(|_| ())
    }
}

/// The organisation's display name, e.g. "Riverside Care (demo)".
pub fn organisation_name(spec: &DemoSpec) -> String {
    format!("{} (demo)", base_name(spec))
}

fn base_name(spec: &DemoSpec) -> String {
    let mut rng = stream(spec.seed, Stage::Name);
    let place = names::PLACES[rng.random_range(0..names::PLACES.len())];
    match spec.profile {
        Profile::Care => format!("{place} Care"),
        Profile::School if spec.people <= 200 => format!("{place} Academy"),
        Profile::School => format!("{place} Learning Trust"),
        Profile::Lattice => format!("{place} Materials"),
    }
}

/// The organisation without its acts: teams, people, roles, fillers, domains, rules,
/// delegations, decisions, responses and advice ties. Deterministic for a spec.
pub fn generate(spec: &DemoSpec) -> Result<Dataset, ValidationError> {
    spec.validate()?;
    let year = Year::ending(spec.until)?;
    let name = base_name(spec);
    let mut draft = Draft::new(spec.profile, year);
    let mut rng = stream(spec.seed, Stage::Structure);
    match spec.profile {
        Profile::Care => care::build(&mut draft, &mut rng, spec.people, &name)?,
        Profile::School => school::build(&mut draft, &mut rng, spec.people, &name)?,
        Profile::Lattice => lattice::build(&mut draft, &mut rng, spec.people, &name)?,
    }
    if draft.people.len() != spec.people as usize {
        return Err(ValidationError::new(format!(
            "the {} profile placed {} people instead of {}",
            spec.profile,
            draft.people.len(),
            spec.people
        )));
    }
    draft.assign_dates(&mut stream(spec.seed, Stage::Dates));
    draft.fill_rotations(&mut stream(spec.seed, Stage::Fillers));
    draft.assign_traits(&mut stream(spec.seed, Stage::Traits));
    draft.settle();

    let ids = Ids::new(&draft)?;
    let email_domain = format!("{}.example", name.to_lowercase().replace(' ', "-"));
    let mut data = draft.rows(&ids, &email_domain, &mut stream(spec.seed, Stage::People))?;
    let delegations = decisions::delegations(&draft, &mut stream(spec.seed, Stage::Delegations));
    let decided = decisions::decisions(&draft, &ids, &delegations, &mut stream(spec.seed, Stage::Decisions))?;
    let survey = network::survey(&draft, &mut stream(spec.seed, Stage::Network));
    let derived = network::derived(&draft, &decided, &survey);

    data.delegations = delegation_rows(&delegations, &ids)?;
    (data.decisions, data.responses) = decision_rows(&draft, &decided, &ids)?;
    data.ties = tie_rows(&draft, &survey, &derived, &ids)?;
    Ok(data)
}

/// The year of leadership acts, streamed: about 100 per person per year, skewed (a few people
/// are much more active), deterministic for a spec; acts refer only to rows in `org`.
/// The iterator's `size_hint` is exact.
pub fn acts<'a>(spec: &DemoSpec, org: &'a Dataset) -> impl Iterator<Item = Act> + 'a {
    acts::stream_acts(spec, org)
}

/// A close estimate of how many acts [`acts`] yields, for a progress bar.
pub fn expected_acts(spec: &DemoSpec) -> u64 {
    // Logged acts, less the time joiners and leavers were not members (a leaver is more
    // often a less active member), plus those derived from decisions (measured per profile).
    let present = 1.0 - 0.35 * (draft::JOINER_SHARE + draft::LEAVER_SHARE);
    let derived = match spec.profile {
        Profile::Care => 3.4,
        Profile::School => 3.3,
        Profile::Lattice => 2.8,
    };
    (f64::from(spec.people) * (acts::LOGGED_PER_YEAR * present + derived)).round() as u64
}

fn delegation_rows(delegations: &[DelegationDraft], ids: &Ids) -> Result<Vec<Delegation>, ValidationError> {
    let numbers: Vec<DelegationId> = numbered("g", delegations.len(), 3)?;
    delegations
        .iter()
        .zip(numbers)
        .map(|(delegation, id)| {
            Ok(Delegation {
                id,
                domain: ids.domains[delegation.domain as usize].clone(),
                delegate: ids.people[delegation.delegate as usize].clone(),
                delegated_by: Some(ids.people[delegation.by as usize].clone()),
                starts_at: timestamp(delegation.starts)?,
                ends_at: timestamp(delegation.ends)?,
                note: Some(delegation.note.to_owned()),
            })
        })
        .collect()
}

fn decision_rows(
    draft: &Draft,
    decided: &[DecisionDraft],
    ids: &Ids,
) -> Result<(Vec<Decision>, Vec<Response>), ValidationError> {
    let numbers: Vec<DecisionId> = numbered("dec", decided.len(), 6)?;
    let mut decisions = Vec::with_capacity(decided.len());
    let mut responses = Vec::new();
    let person = |index: u32| ids.people[index as usize].clone();
    let at = |second: Option<i64>| second.map(timestamp).transpose();
    for (decision, id) in decided.iter().zip(numbers) {
        let domain = &draft.domains[decision.domain as usize];
        for (index, response) in decision.responses.iter().enumerate() {
            responses.push(Response {
                id: ResponseId::parse(&format!("{id}-{:02}", index + 1))?,
                decision: id.clone(),
                person: person(response.person),
                kind: response.kind,
                text: response.text.map(str::to_owned),
                given_at: timestamp(response.given)?,
                resolution: response.resolution,
            });
        }
        decisions.push(Decision {
            id,
            domain: ids.domains[decision.domain as usize].clone(),
            title: decision.template.title.to_owned(),
            proposal: decision.motivation.map(|why| format!("{}. {why}", decision.template.title)),
            proposer: person(decision.proposer),
            decider: decision.decider.map(person),
            process: decision.process,
            status: decision.status,
            amount: decision.amount,
            scope: Some(ids.teams[domain.team as usize].clone()),
            tags: decision.tags.clone(),
            created_at: timestamp(decision.created)?,
            deadline: at(decision.deadline)?,
            decided_at: at(decision.decided)?,
            rationale: decision.rationale.map(str::to_owned),
            review_due: at(decision.review_due)?,
            outcome: decision.outcome,
            learned: decision.learned.map(str::to_owned),
        });
    }
    Ok((decisions, responses))
}

fn tie_rows(
    draft: &Draft,
    survey: &[TieDraft],
    derived: &[TieDraft],
    ids: &Ids,
) -> Result<Vec<AdviceTie>, ValidationError> {
    let numbers: Vec<TieId> = numbered("tie", survey.len() + derived.len(), 7)?;
    let wave = season_label(network::survey_day(draft));
    let origins =
        survey.iter().map(|tie| (tie, TieOrigin::Survey)).chain(derived.iter().map(|tie| (tie, TieOrigin::Derived)));
    Ok(origins
        .zip(numbers)
        .map(|((tie, origin), id)| AdviceTie {
            id,
            seeker: ids.people[tie.seeker as usize].clone(),
            source: ids.people[tie.source as usize].clone(),
            subject: Some(tie.subject.to_owned()),
            frequency: Some(tie.frequency),
            influence: Some(tie.influence),
            origin,
            wave: (origin == TieOrigin::Survey).then(|| wave.clone()),
        })
        .collect())
}

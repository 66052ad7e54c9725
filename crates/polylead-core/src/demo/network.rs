//! The advice network, shaped like measured ones (Krackhardt, Lazega, Spillane's school
//! networks): dense and partly reciprocated inside teams, people asking their superior, a few
//! sought-after experts whom many ask and who ask few back, and some ties across teams.
//! Survey ties come from a name-generator survey taken late in the year; derived ties come
//! from advice given on decisions.

use rand::Rng;

use super::Profile;
use super::calendar::DAY;
use super::decisions::DecisionDraft;
use super::draft::{Draft, Ix, Position};
use super::random::{Pool, chance, poisson};
use crate::decision::ResponseKind;

/// Where a tie comes from, which sets how often advice flows along it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Context {
    Team,
    Line,
    Secondary,
    Expert,
    Cross,
}

pub(super) struct TieDraft {
    pub seeker: Ix,
    pub source: Ix,
    pub subject: &'static str,
    pub frequency: u8,
    pub influence: u8,
}

/// How a profile's network is shaped.
struct Shape {
    /// Share of pairs in a team with a tie.
    density: f64,
    /// Share of those ties that run both ways.
    mutual: f64,
    /// Share of people who ask their superior, and of superiors who ask back.
    superior: f64,
    superior_back: f64,
    /// Mean partners per team joined through a role.
    secondary: f64,
    /// Mean experts asked per person, and the share of them sought across the organisation.
    experts: f64,
    global: f64,
    /// Mean ties to people elsewhere in the locality.
    cross: f64,
}

fn shape(profile: Profile) -> Shape {
    match profile {
        Profile::Care => Shape {
            density: 0.92,
            mutual: 0.45,
            superior: 0.55,
            superior_back: 0.06,
            secondary: 1.5,
            experts: 2.4,
            global: 0.15,
            cross: 0.6,
        },
        Profile::School => Shape {
            density: 0.9,
            mutual: 0.42,
            superior: 0.6,
            superior_back: 0.08,
            secondary: 1.2,
            experts: 2.8,
            global: 0.1,
            cross: 0.7,
        },
        Profile::Lattice => Shape {
            density: 0.92,
            mutual: 0.45,
            superior: 0.4,
            superior_back: 0.08,
            secondary: 1.4,
            experts: 1.6,
            global: 0.2,
            cross: 0.3,
        },
    }
}

/// The day the advice-network survey was taken: ten weeks before the end of the year.
pub(super) fn survey_day(draft: &Draft) -> i64 {
    (draft.year.hi - 70 * DAY).div_euclid(DAY)
}

struct Builder<'a> {
    draft: &'a Draft,
    out: Vec<Vec<(Ix, Context)>>,
}

impl Builder<'_> {
    fn add(&mut self, seeker: Ix, source: Ix, context: Context) {
        let list = &mut self.out[seeker as usize];
        if seeker != source && !list.iter().any(|(other, _)| *other == source) {
            list.push((source, context));
        }
    }

    /// A tie between two people: both ways with probability `mutual`, else the less expert
    /// one (more likely) asks the more expert one.
    fn pair(&mut self, rng: &mut impl Rng, a: Ix, b: Ix, mutual: f64, context: Context) {
        if chance(rng, mutual) {
            self.add(a, b, context);
            self.add(b, a, context);
            return;
        }
        let (ea, eb) = (self.draft.people[a as usize].expertise, self.draft.people[b as usize].expertise);
        if rng.random::<f64>() * (ea + eb) < eb {
            self.add(a, b, context);
        } else {
            self.add(b, a, context);
        }
    }
}

/// The survey's ties, by seeker then source.
pub(super) fn survey(draft: &Draft, rng: &mut impl Rng) -> Vec<TieDraft> {
    let shape = shape(draft.profile);
    let at = survey_day(draft) * DAY + 12 * 3_600;
    let present: Vec<bool> = (0..draft.people.len() as Ix).map(|person| draft.present(person, at)).collect();
    let mut builder = Builder { draft, out: vec![Vec::new(); draft.people.len()] };

    // Within primary teams.
    for members in draft.primary_members() {
        let members: Vec<Ix> = members.into_iter().filter(|p| present[*p as usize]).collect();
        if members.len() <= 40 {
            for (index, a) in members.iter().enumerate() {
                for b in &members[index + 1..] {
                    if chance(rng, shape.density) {
                        builder.pair(rng, *a, *b, shape.mutual, Context::Team);
                    }
                }
            }
        } else {
            for a in &members {
                for _ in 0..poisson(rng, 5.0) {
                    let b = members[rng.random_range(0..members.len())];
                    builder.pair(rng, *a, b, shape.mutual, Context::Team);
                }
            }
        }
    }
    // Along the formal line.
    for (index, person) in draft.people.iter().enumerate() {
        let Some(boss) = person.superior else { continue };
        if !present[index] || !present[boss as usize] {
            continue;
        }
        if chance(rng, shape.superior) {
            builder.add(index as Ix, boss, Context::Line);
        }
        if chance(rng, shape.superior_back) {
            builder.add(boss, index as Ix, Context::Line);
        }
    }
    // In teams joined through a role (tutors, contributors, guild members, coaches).
    for role in &draft.roles {
        let members: Vec<Ix> =
            draft.members[role.team as usize].iter().copied().filter(|p| present[*p as usize]).collect();
        for filler in &role.fillers {
            if !present[*filler as usize] || draft.people[*filler as usize].team == role.team || members.len() < 2 {
                continue;
            }
            for _ in 0..poisson(rng, shape.secondary) {
                let other = members[rng.random_range(0..members.len())];
                builder.pair(rng, *filler, other, shape.mutual / 2.0, Context::Secondary);
            }
        }
    }
    // Experts, mostly local, some sought across the organisation; and a few other ties.
    let mut by_locality: Vec<Vec<Ix>> = vec![Vec::new(); draft.teams.len()];
    for (index, person) in draft.people.iter().enumerate() {
        if present[index] {
            by_locality[draft.teams[person.team as usize].locality as usize].push(index as Ix);
        }
    }
    let expertise = |person: Ix| draft.people[person as usize].expertise;
    let local: Vec<Pool> = by_locality.iter().map(|people| Pool::new(people.clone(), expertise)).collect();
    let mut famous: Vec<Ix> = (0..draft.people.len() as Ix).filter(|p| present[*p as usize]).collect();
    famous.sort_by(|a, b| expertise(*b).total_cmp(&expertise(*a)).then(a.cmp(b)));
    famous.truncate((famous.len() / 100).max(10));
    // Among the best known, fame matters less than among neighbours.
    let famous = Pool::new(famous, |person| expertise(person).sqrt());
    for (index, person) in draft.people.iter().enumerate() {
        if !present[index] {
            continue;
        }
        let pool = &local[draft.teams[person.team as usize].locality as usize];
        for _ in 0..poisson(rng, shape.experts) {
            // People seek experts in what they know themselves, or leaders and their own kind;
            // a nurse is not asked about payroll by a teacher of French.
            let mut source = None;
            for _ in 0..3 {
                source = if chance(rng, shape.global) { famous.draw(rng) } else { pool.draw(rng) };
                if source.is_some_and(|source| relevant(draft, index as Ix, source)) {
                    break;
                }
            }
            if let Some(source) = source {
                builder.add(index as Ix, source, Context::Expert);
                if chance(rng, 0.05) {
                    builder.add(source, index as Ix, Context::Expert);
                }
            }
        }
        for _ in 0..poisson(rng, shape.cross) {
            if !pool.items.is_empty() {
                let other = pool.items[rng.random_range(0..pool.items.len())];
                builder.pair(rng, index as Ix, other, 0.3, Context::Cross);
            }
        }
    }

    let mut ties = Vec::new();
    for (seeker, mut sources) in builder.out.into_iter().enumerate() {
        sources.sort_unstable_by_key(|(source, _)| *source);
        for (source, context) in sources {
            ties.push(describe(draft, rng, seeker as Ix, source, context));
        }
    }
    ties
}

/// Ties seen in decisions: a proposer who asked someone's advice, where the survey has no
/// such tie. By seeker then source.
pub(super) fn derived(draft: &Draft, decisions: &[DecisionDraft], survey: &[TieDraft]) -> Vec<TieDraft> {
    let mut seen: Vec<(Ix, Ix)> = survey.iter().map(|tie| (tie.seeker, tie.source)).collect();
    seen.sort_unstable();
    let mut pairs: Vec<(Ix, Ix, usize)> = Vec::new();
    for (index, decision) in decisions.iter().enumerate() {
        for response in &decision.responses {
            if response.kind == ResponseKind::Advice && response.person != decision.proposer {
                pairs.push((decision.proposer, response.person, index));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup_by_key(|(seeker, source, _)| (*seeker, *source));
    pairs
        .into_iter()
        .filter(|(seeker, source, _)| seen.binary_search(&(*seeker, *source)).is_err())
        .map(|(seeker, source, decision)| {
            let kind = draft.domains[decisions[decision].domain as usize].kind;
            let subject = kind.info(draft.profile).keywords.first().copied().unwrap_or("decisions");
            TieDraft { seeker, source, subject, frequency: 1, influence: 2 }
        })
        .collect()
}

/// Whether `seeker` would plausibly go to `source` as an expert.
fn relevant(draft: &Draft, seeker: Ix, source: Ix) -> bool {
    let (seeker, source) = (&draft.people[seeker as usize], &draft.people[source as usize]);
    source.position <= Position::Lead
        || draft.teams[seeker.team as usize].kind == draft.teams[source.team as usize].kind
        || seeker.skills.iter().any(|skill| source.skills.contains(skill))
}

fn describe(draft: &Draft, rng: &mut impl Rng, seeker: Ix, source: Ix, context: Context) -> TieDraft {
    let known = &draft.people[source as usize];
    // The subject is something both know about when there is one, else the source's field.
    let shared: Vec<&'static str> =
        known.skills.iter().copied().filter(|skill| draft.people[seeker as usize].skills.contains(skill)).collect();
    let subject = match (shared.as_slice(), known.skills.as_slice()) {
        ([one], _) => *one,
        (several @ [_, ..], _) if chance(rng, 0.7) => several[rng.random_range(0..several.len())],
        (_, []) => "work",
        (_, skills) => skills[rng.random_range(0..skills.len())],
    };
    let frequency = match context {
        Context::Team => rng.random_range(3..=5),
        Context::Line | Context::Secondary => rng.random_range(2..=4),
        Context::Expert | Context::Cross => rng.random_range(1..=3),
    };
    let weight = known.expertise.ln().max(0.0);
    let influence = (1.5 + weight + rng.random::<f64>() * 1.5).floor().clamp(1.0, 4.0) as u8;
    TieDraft { seeker, source, subject, frequency, influence }
}

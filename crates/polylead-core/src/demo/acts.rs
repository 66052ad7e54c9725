//! The year's leadership acts, streamed. First the acts the system derives from decisions
//! (proposing, advising, objecting, integrating an objection, deciding, reviewing), then the
//! acts people logged, person by person, each person's in time order. Only what is in the
//! organisation's rows is used, so acts refer only to them; a person's acts fall in the time
//! they were a member.

use std::collections::{HashMap, VecDeque};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::calendar::{DAY, HOUR, Rhythm, Year, day_of};
use super::random::{Stage, chance, lognormal, poisson, stream, unit_lognormal, weighted_index};
use super::{DemoSpec, Profile};
use crate::act::{Act, ActSource};
use crate::dataset::Dataset;
use crate::decision::{Decision, DecisionStatus, Resolution, Response, ResponseKind};
use crate::domain::Holder;
use crate::ids::{ActId, PersonId};
use crate::role::Contribution;

/// Acts people log in a year, for a person of average activity present all year.
pub(super) const LOGGED_PER_YEAR: f64 = 102.0;

const KINDS: [Contribution; 5] = [
    Contribution::VisionDirection,
    Contribution::ExecutionDelivery,
    Contribution::RelationshipCulture,
    Contribution::TechnicalExpertise,
    Contribution::ChallengeCritique,
];

/// Routines of teams that have teams below them (regions, schools, divisions, the organisation).
const LEADERSHIP_ROUTINES: &[&str] = &["leadership-meeting", "one-to-one", "quarterly-review"];

/// What the stream knows about one person.
struct Member {
    lo: i64,
    hi: i64,
    /// Primary team first, then teams joined through roles.
    teams: Vec<u32>,
    /// Domains held by the person's roles.
    domains: Vec<u32>,
    /// Relative weights of the five act types, in `KINDS` order.
    mix: [f64; 5],
    /// Acts this person logs over the year.
    logged: u32,
}

/// Indices over the organisation, built once.
struct Index<'a> {
    org: &'a Dataset,
    members: Vec<Member>,
    team_members: Vec<Vec<u32>>,
    team_domains: Vec<Vec<u32>>,
    /// Per decision: its responses (indices into `org.responses`), in order.
    responses: Vec<Vec<u32>>,
    /// Per decision: its team (scope, else the domain's team).
    decision_team: Vec<Option<u32>>,
    /// Per team: whether other teams are nested in it.
    has_children: Vec<bool>,
    person_of: HashMap<&'a str, u32>,
}

pub(super) struct ActStream<'a> {
    index: Index<'a>,
    profile: Profile,
    year: Year,
    rng: ChaCha8Rng,
    width: usize,
    next_id: u64,
    total: u64,
    next_decision: usize,
    next_person: usize,
    buffer: VecDeque<Act>,
}

pub(super) fn stream_acts<'a>(spec: &DemoSpec, org: &'a Dataset) -> ActStream<'a> {
    let mut rng = stream(spec.seed, Stage::Acts);
    let year =
        Year::ending(spec.until).unwrap_or(Year { lo: spec.until.as_second() - 365 * DAY, hi: spec.until.as_second() });
    let index = Index::new(org, year, &mut rng);
    let derived: u64 = (0..org.decisions.len()).map(|d| index.derived(d, year, &mut |_| {}) as u64).sum();
    let logged: u64 = index.members.iter().map(|member| u64::from(member.logged)).sum();
    let total = derived + logged;
    ActStream {
        index,
        profile: spec.profile,
        year,
        rng,
        width: total.to_string().len().max(8),
        next_id: 0,
        total,
        next_decision: 0,
        next_person: 0,
        buffer: VecDeque::new(),
    }
}

impl<'a> Index<'a> {
    fn new(org: &'a Dataset, year: Year, rng: &mut impl Rng) -> Index<'a> {
        let person_of: HashMap<&str, u32> =
            org.people.iter().enumerate().map(|(i, person)| (person.id.as_str(), i as u32)).collect();
        let team_of: HashMap<&str, u32> =
            org.teams.iter().enumerate().map(|(i, team)| (team.id.as_str(), i as u32)).collect();
        let role_of: HashMap<&str, u32> =
            org.roles.iter().enumerate().map(|(i, role)| (role.id.as_str(), i as u32)).collect();
        let decision_of: HashMap<&str, u32> =
            org.decisions.iter().enumerate().map(|(i, d)| (d.id.as_str(), i as u32)).collect();

        let mut team_members: Vec<Vec<u32>> = vec![Vec::new(); org.teams.len()];
        let mut teams: Vec<Vec<u32>> = vec![Vec::new(); org.people.len()];
        for (index, person) in org.people.iter().enumerate() {
            if let Some(team) = person.team.as_ref().and_then(|team| team_of.get(team.as_str())) {
                team_members[*team as usize].push(index as u32);
                teams[index].push(*team);
            }
        }
        let mut roles_of: Vec<Vec<u32>> = vec![Vec::new(); org.people.len()];
        for filler in &org.fillers {
            let (Some(person), Some(role)) = (person_of.get(filler.person.as_str()), role_of.get(filler.role.as_str()))
            else {
                continue;
            };
            roles_of[*person as usize].push(*role);
            if let Some(team) = team_of.get(org.roles[*role as usize].team.as_str()) {
                team_members[*team as usize].push(*person);
                teams[*person as usize].push(*team);
            }
        }
        for list in team_members.iter_mut() {
            list.sort_unstable();
            list.dedup();
        }
        let mut domains_of_role: Vec<Vec<u32>> = vec![Vec::new(); org.roles.len()];
        let mut team_domains: Vec<Vec<u32>> = vec![Vec::new(); org.teams.len()];
        let mut domain_team: Vec<Option<u32>> = Vec::with_capacity(org.domains.len());
        for (index, domain) in org.domains.iter().enumerate() {
            let team = match &domain.holder {
                Holder::Role(role) => role_of.get(role.as_str()).and_then(|role| {
                    domains_of_role[*role as usize].push(index as u32);
                    team_of.get(org.roles[*role as usize].team.as_str()).copied()
                }),
                Holder::Team(team) => team_of.get(team.as_str()).copied(),
            };
            if let Some(team) = team {
                team_domains[team as usize].push(index as u32);
            }
            domain_team.push(team);
        }
        let domain_of: HashMap<&str, u32> =
            org.domains.iter().enumerate().map(|(i, d)| (d.id.as_str(), i as u32)).collect();
        let decision_team = org
            .decisions
            .iter()
            .map(|decision| match &decision.scope {
                Some(team) => team_of.get(team.as_str()).copied(),
                None => domain_of.get(decision.domain.as_str()).and_then(|d| domain_team[*d as usize]),
            })
            .collect();
        let mut responses: Vec<Vec<u32>> = vec![Vec::new(); org.decisions.len()];
        for (index, response) in org.responses.iter().enumerate() {
            if let Some(decision) = decision_of.get(response.decision.as_str()) {
                responses[*decision as usize].push(index as u32);
            }
        }
        for list in &mut responses {
            list.sort_by_key(|index| org.responses[*index as usize].given_at);
        }

        let mut has_reports = vec![false; org.people.len()];
        for person in &org.people {
            if let Some(boss) = person.superior.as_ref().and_then(|boss| person_of.get(boss.as_str())) {
                has_reports[*boss as usize] = true;
            }
        }
        // Activity: heavy-tailed, higher for people with roles and reports; mean 1.
        let span = (year.hi - year.lo) as f64;
        let mut members = Vec::with_capacity(org.people.len());
        let mut weights = Vec::with_capacity(org.people.len());
        for (index, person) in org.people.iter().enumerate() {
            let lo = person.joined.map_or(year.lo, |joined| year.lo.max(day_of(joined) * DAY));
            let hi = person.left.map_or(year.hi, |left| year.hi.min(day_of(left) * DAY));
            let roles = &roles_of[index];
            let mut mix = [0.10, 0.35, 0.25, 0.20, 0.10];
            for role in roles {
                for contribution in &org.roles[*role as usize].contributions {
                    if let Some(slot) = KINDS.iter().position(|kind| kind == contribution) {
                        mix[slot] += 0.12;
                    }
                }
            }
            if has_reports[index] {
                mix[0] += 0.15;
                mix[2] += 0.05;
                mix[4] += 0.05;
            }
            for weight in &mut mix {
                *weight *= unit_lognormal(rng, 0.3);
            }
            let boost = (1.0 + 0.3 * roles.len().min(4) as f64) * if has_reports[index] { 1.5 } else { 1.0 };
            weights.push(unit_lognormal(rng, 0.9) * boost);
            let mut team_list = std::mem::take(&mut teams[index]);
            let primary = team_list.first().copied();
            team_list.sort_unstable();
            team_list.dedup();
            if let Some(primary) = primary {
                team_list.retain(|team| *team != primary);
                team_list.insert(0, primary);
            }
            let mut domains: Vec<u32> =
                roles.iter().flat_map(|role| domains_of_role[*role as usize].iter().copied()).collect();
            domains.sort_unstable();
            domains.dedup();
            members.push(Member { lo, hi, teams: team_list, domains, mix, logged: 0 });
        }
        let mean = weights.iter().sum::<f64>() / weights.len().max(1) as f64;
        for (member, weight) in members.iter_mut().zip(&weights) {
            let present = ((member.hi - member.lo).max(0) as f64 / span).min(1.0);
            if member.hi - member.lo >= HOUR && mean > 0.0 {
                member.logged = poisson(rng, LOGGED_PER_YEAR * weight / mean * present);
            }
        }
        let mut has_children = vec![false; org.teams.len()];
        for team in &org.teams {
            if let Some(parent) = team.parent.as_ref().and_then(|parent| team_of.get(parent.as_str())) {
                has_children[*parent as usize] = true;
            }
        }
        Index { org, members, team_members, team_domains, responses, decision_team, has_children, person_of }
    }

    fn person(&self, id: &PersonId) -> Option<u32> {
        self.person_of.get(id.as_str()).copied()
    }

    /// Calls `emit` for each act derived from decision `d` and returns how many.
    fn derived(&self, d: usize, year: Year, emit: &mut dyn FnMut(Derived)) -> usize {
        let decision: &Decision = &self.org.decisions[d];
        // Only acts in the year, by people who were members at the time.
        let fits = |act: &Derived| {
            (year.lo..year.hi).contains(&act.at)
                && self.person(act.actor).is_some_and(|p| {
                    let member = &self.members[p as usize];
                    member.lo <= act.at && act.at < member.hi
                })
        };
        let mut count = 0;
        let mut out = |act: Derived| {
            if fits(&act) {
                count += 1;
                emit(act);
            }
        };
        let created = decision.created_at.as_second();
        let proposer = &decision.proposer;
        out(Derived::new(proposer, Contribution::VisionDirection, created, None));
        let decided = decision.decided_at.map(|at| at.as_second());
        for index in &self.responses[d] {
            let response: &Response = &self.org.responses[*index as usize];
            let at = response.given_at.as_second();
            match response.kind {
                ResponseKind::Advice => {
                    out(Derived::new(&response.person, Contribution::TechnicalExpertise, at, Some(proposer)));
                }
                ResponseKind::Objection => {
                    out(Derived::new(&response.person, Contribution::ChallengeCritique, at, Some(proposer)));
                    if response.resolution == Some(Resolution::Integrated) {
                        let integrated = decided.map_or(at + 2 * HOUR, |decided| (at + 2 * HOUR).min(decided));
                        out(Derived::new(
                            proposer,
                            Contribution::RelationshipCulture,
                            integrated,
                            Some(&response.person),
                        ));
                    }
                }
                ResponseKind::Consent => {}
            }
        }
        if let (Some(decider), Some(at)) = (&decision.decider, decided) {
            out(Derived::new(decider, Contribution::ExecutionDelivery, at, None));
            if decision.status == DecisionStatus::Reviewed
                && let Some(due) = decision.review_due
            {
                let at = (due.as_second() + DAY).min(year.hi - 1);
                out(Derived::new(decider, Contribution::ChallengeCritique, at, None));
            }
        }
        count
    }
}

/// An act derived from a decision.
struct Derived<'o> {
    actor: &'o PersonId,
    kind: Contribution,
    at: i64,
    target: Option<&'o PersonId>,
}

impl<'o> Derived<'o> {
    fn new(actor: &'o PersonId, kind: Contribution, at: i64, target: Option<&'o PersonId>) -> Derived<'o> {
        Derived { actor, kind, at, target }
    }
}

/// An act before it has an id.
struct Pending {
    actor: PersonId,
    co_actors: Vec<PersonId>,
    targets: Vec<PersonId>,
    initiator: Option<PersonId>,
    kind: Contribution,
    domain: Option<crate::ids::DomainId>,
    team: Option<crate::ids::TeamId>,
    at: i64,
    duration_s: Option<u32>,
    planned: Option<bool>,
    channel: Option<&'static str>,
    influence: Option<u8>,
    routine: Option<String>,
    decision: Option<crate::ids::DecisionId>,
    source: ActSource,
}

impl ActStream<'_> {
    fn emit(&mut self, draft: Pending) {
        self.next_id += 1;
        let Ok(id) = ActId::parse(&padded('a', self.next_id, self.width)) else { return };
        let Ok(started_at) = super::calendar::timestamp(draft.at) else { return };
        self.buffer.push_back(Act {
            id,
            actor: draft.actor,
            co_actors: draft.co_actors,
            targets: draft.targets,
            initiator: draft.initiator,
            kind: draft.kind,
            domain: draft.domain,
            team: draft.team,
            started_at,
            duration_s: draft.duration_s,
            planned: draft.planned,
            channel: draft.channel.map(str::to_owned),
            influence: draft.influence,
            routine: draft.routine,
            decision: draft.decision,
            source: draft.source,
        });
    }

    fn refill(&mut self) -> bool {
        let org = self.index.org;
        if self.next_decision < org.decisions.len() {
            let d = self.next_decision;
            self.next_decision += 1;
            let decision = &org.decisions[d];
            let team = self.index.decision_team[d].map(|team| org.teams[team as usize].id.clone());
            let mut drafts = Vec::new();
            self.index.derived(d, self.year, &mut |act| {
                drafts.push(Pending {
                    actor: act.actor.clone(),
                    co_actors: Vec::new(),
                    targets: act.target.into_iter().cloned().collect(),
                    initiator: Some(decision.proposer.clone()),
                    kind: act.kind,
                    domain: Some(decision.domain.clone()),
                    team: team.clone(),
                    at: act.at,
                    duration_s: None,
                    planned: Some(true),
                    channel: Some("decision log"),
                    influence: None,
                    routine: None,
                    decision: Some(decision.id.clone()),
                    source: ActSource::System,
                });
            });
            for draft in drafts {
                self.emit(draft);
            }
            return true;
        }
        while self.next_person < org.people.len() {
            let person = self.next_person;
            self.next_person += 1;
            let count = self.index.members[person].logged;
            if count == 0 {
                continue;
            }
            // Times first, so each person's acts come out in time order without sorting acts.
            let (lo, hi) = (self.index.members[person].lo, self.index.members[person].hi);
            let rhythm = self.profile.rhythm();
            let mut times: Vec<i64> = (0..count).map(|_| rhythm.moment(&mut self.rng, lo, hi)).collect();
            times.sort_unstable();
            for at in times {
                let act = self.logged(person, at);
                self.emit(act);
            }
            return true;
        }
        false
    }

    /// One act logged by or about `person`, at `at`.
    fn logged(&mut self, person: usize, at: i64) -> Pending {
        let org = self.index.org;
        let rng = &mut self.rng;
        let member = &self.index.members[person];
        let kind = KINDS[weighted_index(rng, &member.mix)];
        let team = match member.teams.as_slice() {
            [] => None,
            [only] => Some(*only),
            [primary, ..] if chance(rng, 0.75) => Some(*primary),
            [_, others @ ..] => Some(others[rng.random_range(0..others.len())]),
        };
        let with_domain = match kind {
            Contribution::ExecutionDelivery => 0.5,
            Contribution::ChallengeCritique => 0.45,
            Contribution::VisionDirection => 0.4,
            Contribution::TechnicalExpertise => 0.3,
            Contribution::RelationshipCulture => 0.15,
        };
        let domain = if chance(rng, with_domain) {
            let team_domains = team.map_or(&[][..], |team| self.index.team_domains[team as usize].as_slice());
            let own = !member.domains.is_empty() && (team_domains.is_empty() || chance(rng, 0.6));
            let list = if own { member.domains.as_slice() } else { team_domains };
            (!list.is_empty()).then(|| list[rng.random_range(0..list.len())])
        } else {
            None
        };
        // Colleagues in the team who were members at the time.
        let mates: &[u32] = team.map_or(&[], |team| self.index.team_members[team as usize].as_slice());
        let members = &self.index.members;
        let colleagues = |rng: &mut ChaCha8Rng, wanted: usize, exclude: &[u32]| -> Vec<u32> {
            let mut chosen: Vec<u32> = Vec::new();
            for _ in 0..wanted * 3 {
                if chosen.len() >= wanted || mates.is_empty() {
                    break;
                }
                let other = mates[rng.random_range(0..mates.len())];
                let known = &members[other as usize];
                if other as usize != person
                    && known.lo <= at
                    && at < known.hi
                    && !chosen.contains(&other)
                    && !exclude.contains(&other)
                {
                    chosen.push(other);
                }
            }
            chosen
        };
        let (target_share, most) = match kind {
            Contribution::RelationshipCulture => (0.7, 1),
            Contribution::TechnicalExpertise => (0.6, 2),
            Contribution::VisionDirection => (0.5, 5),
            Contribution::ChallengeCritique => (0.4, 1),
            Contribution::ExecutionDelivery => (0.25, 2),
        };
        let wanted = if chance(rng, target_share) { rng.random_range(1..=most) } else { 0 };
        let targets = colleagues(rng, wanted, &[]);
        let wanted = if chance(rng, 0.22) { rng.random_range(1..=2) } else { 0 };
        let co_actors = colleagues(rng, wanted, &targets);
        let planned = chance(rng, 0.55);
        let initiator = if planned {
            if chance(rng, 0.75) { Some(person as u32) } else { colleagues(rng, 1, &[]).first().copied() }
        } else {
            match rng.random::<f64>() {
                0.0..0.3 => targets.first().copied(),
                0.3..0.7 => Some(person as u32),
                _ => None,
            }
        };
        let (channels, weights, routines) = self.profile.act_vocabulary();
        let channel = channels[weighted_index(rng, weights)];
        let routine = match (planned && chance(rng, 0.5), team) {
            (true, Some(team)) => {
                // Teams of teams have leadership routines rather than the work's.
                let routines = if self.index.has_children[team as usize] { LEADERSHIP_ROUTINES } else { routines };
                let name = routines[rng.random_range(0..routines.len())];
                Some(format!("{}/{name}", org.teams[team as usize].id))
            }
            _ => None,
        };
        let duration = (lognormal(rng, 25.0 * 60.0, 0.8) / 60.0).round().clamp(5.0, 240.0) as u32 * 60;
        let influence = chance(rng, 0.6).then(|| [1, 2, 2, 3, 3, 4][rng.random_range(0..6)]);
        let source = match rng.random::<f64>() {
            0.0..0.6 => ActSource::SelfLog,
            0.6..0.85 => ActSource::PeerLog,
            _ => ActSource::Observed,
        };
        let id = |index: u32| org.people[index as usize].id.clone();
        Pending {
            actor: id(person as u32),
            co_actors: co_actors.into_iter().map(id).collect(),
            targets: targets.into_iter().map(id).collect(),
            initiator: initiator.map(id),
            kind,
            domain: domain.map(|domain| org.domains[domain as usize].id.clone()),
            team: team.map(|team| org.teams[team as usize].id.clone()),
            at,
            duration_s: Some(duration),
            planned: Some(planned),
            channel: Some(channel),
            influence,
            routine,
            decision: None,
            source,
        }
    }
}

/// `{prefix}{number}` with the number zero-padded to `width` digits (`format!` is slow here).
fn padded(prefix: char, number: u64, width: usize) -> String {
    let mut digits = [0u8; 20];
    let (mut left, mut start) = (number, digits.len());
    loop {
        start -= 1;
        digits[start] = b'0' + (left % 10) as u8;
        left /= 10;
        if left == 0 {
            break;
        }
    }
    let count = digits.len() - start;
    let mut id = String::with_capacity(1 + width.max(count));
    id.push(prefix);
    id.extend(std::iter::repeat_n('0', width.saturating_sub(count)));
    id.extend(digits[start..].iter().map(|digit| char::from(*digit)));
    id
}

impl Iterator for ActStream<'_> {
    type Item = Act;

    fn next(&mut self) -> Option<Act> {
        loop {
            if let Some(act) = self.buffer.pop_front() {
                return Some(act);
            }
            if !self.refill() {
                return None;
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.total.saturating_sub(self.next_id) as usize + self.buffer.len();
        (left, Some(left))
    }
}

impl Profile {
    pub(super) fn rhythm(self) -> Rhythm {
        match self {
            Profile::Care => Rhythm::Shifts,
            Profile::School => Rhythm::Term,
            Profile::Lattice => Rhythm::Office,
        }
    }

    /// Channels and their weights, and the routines planned acts belong to.
    fn act_vocabulary(self) -> (&'static [&'static str], &'static [f64], &'static [&'static str]) {
        match self {
            Profile::Care => (
                &["in person", "team meeting", "handover", "phone", "chat", "e-mail"],
                &[4.0, 3.0, 3.0, 2.0, 2.0, 0.5],
                &["team-meeting", "handover", "case-review", "rota-planning"],
            ),
            Profile::School => (
                &["in person", "department meeting", "briefing", "e-mail", "lesson observation"],
                &[4.0, 3.0, 2.0, 2.0, 1.0],
                &["department-meeting", "line-management", "year-team-briefing", "coaching"],
            ),
            Profile::Lattice => (
                &["meeting", "chat", "in person", "video call", "e-mail"],
                &[3.0, 3.0, 2.0, 2.0, 1.0],
                &["stand-up", "sponsor-review", "design-review", "retrospective"],
            ),
        }
    }
}

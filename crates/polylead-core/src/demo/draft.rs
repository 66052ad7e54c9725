//! The organisation as the generator builds it: plain indices instead of ids, so the profiles
//! can wire teams, people, roles and domains together before anything is named. The later
//! stages (dates, role rotation, decisions, the network) work on the draft; [`Draft::rows`]
//! turns it into the model's records.

use rand::Rng;
use rand::seq::IndexedRandom;

use super::Profile;
use super::calendar::{DAY, Year, date};
use super::names::{FIRST, LAST, email_local};
use super::random::{chance, lognormal, pareto, pick, unit_lognormal};
use super::templates::DomainKind;
use crate::condition::Condition;
use crate::dataset::Dataset;
use crate::domain::{Domain, Holder, Party, Process, Rule};
use crate::error::ValidationError;
use crate::ids::{DomainId, PersonId, RoleId, RuleId, TeamId};
use crate::person::Person;
use crate::role::{Contribution, Role, RoleFiller};
use crate::team::Team;
use crate::text::{Email, Keyword, Name};

/// An index into one of the draft's lists.
pub(super) type Ix = u32;

/// The whole organisation's team is always created first.
pub(super) const ROOT: Ix = 0;

/// Share of people who joined during the year, and who left during it.
pub(super) const JOINER_SHARE: f64 = 0.08;
pub(super) const LEAVER_SHARE: f64 = 0.07;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum TeamKind {
    /// The whole organisation.
    Root,
    /// A grouping of teams: a region, a school, a division.
    Group,
    /// A team that does the work: a nursing team, a department, a project team.
    Unit,
    /// A support or leadership office.
    Office,
    /// A community of practice across teams.
    Guild,
}

pub(super) struct TeamDraft {
    pub name: String,
    pub purpose: String,
    pub parent: Option<Ix>,
    pub kind: TeamKind,
    /// The group whose people this team's people mostly know (its region, school, division).
    pub locality: Ix,
}

/// A formal position, which shapes seniority, expertise and activity.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) enum Position {
    /// Director, headteacher, chief executive.
    Head,
    /// Regional director, deputy head, division leader.
    Senior,
    /// Coach, head of department, sponsor, office lead.
    Lead,
    /// A member with a specialism others seek out.
    Specialist,
    Member,
    /// Support staff.
    Staff,
}

pub(super) struct PersonDraft {
    pub team: Ix,
    pub superior: Option<Ix>,
    pub level: u8,
    pub position: Position,
    pub skills: Vec<&'static str>,
    /// Unix days.
    pub joined: i64,
    pub left: Option<i64>,
    /// How much others seek this person out (heavy-tailed).
    pub expertise: f64,
    /// How much this person proposes and does (mean about 1).
    pub activity: f64,
    /// How long this person takes to decide, relative to others (a few are bottlenecks).
    pub slowness: f64,
}

/// A role's fixed text and the contribution types it carries.
pub(super) struct RoleTemplate {
    pub name: &'static str,
    pub purpose: &'static str,
    pub accountabilities: &'static [&'static str],
    pub contributions: &'static [Contribution],
    pub critical: bool,
    /// Foci a filler may take on, one picked per filler (or none when empty).
    pub foci: &'static [&'static str],
}

/// Where a rotated role's fillers are chosen from.
#[derive(Clone, Copy, Debug)]
pub(super) enum Candidates {
    /// The team's primary members.
    Team(Ix),
    /// A shared list in [`Draft::lists`].
    List(usize),
}

pub(super) struct RoleDraft {
    pub team: Ix,
    pub template: &'static RoleTemplate,
    pub name: String,
    pub fillers: Vec<Ix>,
    /// Filled after dates are known, among people present the whole year.
    pub rotation: Option<(Candidates, u32)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum HolderDraft {
    Role(Ix),
    Team(Ix),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum PartyDraft {
    Holder,
    Role(Ix),
    Team(Ix),
}

pub(super) struct RuleDraft {
    pub condition: Condition,
    pub decider: PartyDraft,
    pub process: Process,
    pub consulted: Vec<PartyDraft>,
    pub informed: Vec<PartyDraft>,
    pub hours: Option<u32>,
    pub escalate_to: Option<PartyDraft>,
}

/// A rule deciding by `process` when `condition` holds; the holder decides.
pub(super) fn rule(condition: &str, process: Process) -> Result<RuleDraft, ValidationError> {
    Ok(RuleDraft {
        condition: Condition::parse(condition)?,
        decider: PartyDraft::Holder,
        process,
        consulted: Vec::new(),
        informed: Vec::new(),
        hours: None,
        escalate_to: None,
    })
}

impl RuleDraft {
    pub fn consult(mut self, party: Option<PartyDraft>) -> RuleDraft {
        self.consulted.extend(party);
        self
    }
    pub fn inform(mut self, party: Option<PartyDraft>) -> RuleDraft {
        self.informed.extend(party);
        self
    }
    pub fn within_hours(mut self, hours: u32) -> RuleDraft {
        self.hours = Some(hours);
        self
    }
    pub fn escalate(mut self, party: Option<PartyDraft>) -> RuleDraft {
        self.escalate_to = party;
        self
    }
}

pub(super) struct DomainDraft {
    pub name: String,
    pub kind: DomainKind,
    pub holder: HolderDraft,
    /// The team the domain belongs to (the holder's team).
    pub team: Ix,
    pub rules: Vec<RuleDraft>,
    /// Expected decisions a year.
    pub rate: f64,
}

pub(super) struct Draft {
    pub profile: Profile,
    pub year: Year,
    pub teams: Vec<TeamDraft>,
    pub people: Vec<PersonDraft>,
    pub roles: Vec<RoleDraft>,
    pub domains: Vec<DomainDraft>,
    /// Candidate lists shared by rotated roles.
    pub lists: Vec<Vec<Ix>>,
    /// Per team: primary members and role fillers, sorted (set by [`Draft::settle`]).
    pub members: Vec<Vec<Ix>>,
    /// Per person: the roles they fill (set by [`Draft::settle`]).
    pub roles_of: Vec<Vec<Ix>>,
}

impl Draft {
    pub fn new(profile: Profile, year: Year) -> Draft {
        Draft {
            profile,
            year,
            teams: Vec::new(),
            people: Vec::new(),
            roles: Vec::new(),
            domains: Vec::new(),
            lists: Vec::new(),
            members: Vec::new(),
            roles_of: Vec::new(),
        }
    }

    pub fn team(&mut self, name: impl Into<String>, purpose: &str, parent: Option<Ix>, kind: TeamKind) -> Ix {
        let index = self.teams.len() as Ix;
        let locality = match (kind, parent) {
            (TeamKind::Root | TeamKind::Group, _) | (_, None) => index,
            (_, Some(parent)) => self.teams[parent as usize].locality,
        };
        self.teams.push(TeamDraft { name: name.into(), purpose: purpose.to_owned(), parent, kind, locality });
        index
    }

    pub fn person(&mut self, team: Ix, superior: Option<Ix>, position: Position, skills: Vec<&'static str>) -> Ix {
        let level = superior.map_or(0, |boss| self.people[boss as usize].level.saturating_add(1));
        self.people.push(PersonDraft {
            team,
            superior,
            level,
            position,
            skills,
            joined: 0,
            left: None,
            expertise: 1.0,
            activity: 1.0,
            slowness: 1.0,
        });
        (self.people.len() - 1) as Ix
    }

    pub fn role(&mut self, team: Ix, template: &'static RoleTemplate) -> Ix {
        self.named_role(team, template, template.name.to_owned())
    }

    pub fn named_role(&mut self, team: Ix, template: &'static RoleTemplate, name: String) -> Ix {
        self.roles.push(RoleDraft { team, template, name, fillers: Vec::new(), rotation: None });
        (self.roles.len() - 1) as Ix
    }

    pub fn fill(&mut self, role: Ix, person: Ix) {
        let fillers = &mut self.roles[role as usize].fillers;
        if !fillers.contains(&person) {
            fillers.push(person);
        }
    }

    /// Fills `role` later with `count` people from `candidates` present the whole year.
    pub fn rotate(&mut self, role: Ix, candidates: Candidates, count: u32) {
        self.roles[role as usize].rotation = Some((candidates, count));
    }

    pub fn list(&mut self, people: Vec<Ix>) -> Candidates {
        self.lists.push(people);
        Candidates::List(self.lists.len() - 1)
    }

    pub fn domain(
        &mut self,
        kind: DomainKind,
        name: String,
        holder: HolderDraft,
        rate: f64,
        rules: Vec<RuleDraft>,
    ) -> Ix {
        let team = match holder {
            HolderDraft::Role(role) => self.roles[role as usize].team,
            HolderDraft::Team(team) => team,
        };
        self.domains.push(DomainDraft { name, kind, holder, team, rules, rate });
        (self.domains.len() - 1) as Ix
    }

    /// The governance domain every team has: changes to its roles and rights, by consent.
    pub fn governance(&mut self, team: Ix, escalate_to: Option<PartyDraft>) -> Result<Ix, ValidationError> {
        let name = format!("Governance of {}", self.teams[team as usize].name);
        let rules = vec![
            rule("always", Process::Consent)?
                .consult(Some(PartyDraft::Team(team)))
                .within_hours(168)
                .escalate(escalate_to),
        ];
        let kind = match self.teams[team as usize].kind {
            TeamKind::Unit => DomainKind::Governance,
            _ => DomainKind::CircleGovernance,
        };
        Ok(self.domain(kind, name, HolderDraft::Team(team), 1.5, rules))
    }

    /// Primary members of each team, before roles are settled.
    pub fn primary_members(&self) -> Vec<Vec<Ix>> {
        let mut members = vec![Vec::new(); self.teams.len()];
        for (index, person) in self.people.iter().enumerate() {
            members[person.team as usize].push(index as Ix);
        }
        members
    }

    /// Joining and leaving dates: tenure of past years for most, some joined during the year
    /// and some left during it (never someone others report to or who holds a formal role).
    pub fn assign_dates(&mut self, rng: &mut impl Rng) {
        let (first, last) = (self.year.first_day(), self.year.last_day());
        let mut has_reports = vec![false; self.people.len()];
        for person in &self.people {
            if let Some(boss) = person.superior {
                has_reports[boss as usize] = true;
            }
        }
        let mut formal = vec![false; self.people.len()];
        for role in &self.roles {
            for filler in &role.fillers {
                formal[*filler as usize] = true;
            }
        }
        for (index, person) in self.people.iter_mut().enumerate() {
            let mean_years = match person.position {
                Position::Head => 11.0,
                Position::Senior => 9.0,
                Position::Lead => 8.0,
                Position::Specialist => 7.0,
                Position::Member | Position::Staff => 4.5,
            };
            let years = (-(1.0 - rng.random::<f64>()).ln() * mean_years).min(38.0);
            person.joined = first - 20 - (years * 365.25) as i64;
            let movable = !has_reports[index] && !formal[index] && index > 0;
            let draw = rng.random::<f64>();
            if movable && draw < JOINER_SHARE {
                person.joined = first + rng.random_range(0..(last - first - 20).max(1));
            } else if movable && draw < JOINER_SHARE + LEAVER_SHARE {
                person.left = Some(first + rng.random_range(30..(last - first).max(31)));
            }
        }
    }

    /// Fills the rotated roles among people present the whole year, spreading roles so that
    /// most members hold one and few hold many.
    pub fn fill_rotations(&mut self, rng: &mut impl Rng) {
        let primary = self.primary_members();
        let first = self.year.first_day();
        let mut load: Vec<u32> = vec![0; self.people.len()];
        for role in &self.roles {
            for filler in &role.fillers {
                load[*filler as usize] += 1;
            }
        }
        let steady = |person: &PersonDraft| person.left.is_none() && person.joined <= first;
        for index in 0..self.roles.len() {
            let Some((candidates, count)) = self.roles[index].rotation else { continue };
            let pool: &[Ix] = match candidates {
                Candidates::Team(team) => &primary[team as usize],
                Candidates::List(list) => &self.lists[list],
            };
            let team = self.roles[index].team;
            let mut sample: Vec<Ix> = if pool.len() <= 64 {
                pool.to_vec()
            } else {
                (0..count.saturating_mul(6).max(24)).filter_map(|_| pick(rng, pool).copied()).collect()
            };
            sample.sort_unstable();
            sample.dedup();
            let mut chosen: Vec<(u32, u32, Ix)> = sample
                .into_iter()
                .filter(|p| steady(&self.people[*p as usize]))
                .filter(|p| !self.roles[index].fillers.contains(p))
                // roles filled from a list (contributors, guild members, tutors) go to people from
                // other teams who hold fewer than two roles, so everyone is in at most three teams
                .filter(|p| {
                    matches!(candidates, Candidates::Team(_))
                        || (self.people[*p as usize].team != team && load[*p as usize] < 2)
                })
                .map(|p| (load[p as usize], rng.random::<u32>(), p))
                .collect();
            chosen.sort_unstable();
            for (_, _, person) in chosen.into_iter().take(count as usize) {
                load[person as usize] += 1;
                self.roles[index].fillers.push(person);
            }
        }
    }

    /// Seniority-driven traits: expertise others seek, activity, and decision speed.
    pub fn assign_traits(&mut self, rng: &mut impl Rng) {
        let first = self.year.first_day();
        let mut roles_held = vec![0u32; self.people.len()];
        for role in &self.roles {
            for filler in &role.fillers {
                roles_held[*filler as usize] += 1;
            }
        }
        for (index, person) in self.people.iter_mut().enumerate() {
            let tenure_years = ((first - person.joined) as f64 / 365.25).clamp(0.0, 40.0);
            let (expert, active) = match person.position {
                Position::Head => (3.0, 1.8),
                Position::Senior => (3.0, 1.6),
                Position::Lead => (2.5, 1.5),
                Position::Specialist => (4.0, 1.2),
                Position::Member => (1.0, 1.0),
                Position::Staff => (0.7, 0.8),
            };
            person.expertise = pareto(rng, 1.3).min(30.0) * expert * (0.4 + tenure_years.min(10.0) / 10.0);
            person.activity = unit_lognormal(rng, 0.8) * active * (1.0 + 0.3 * f64::from(roles_held[index].min(4)));
            let bottleneck = person.position <= Position::Lead && chance(rng, 0.08);
            person.slowness = lognormal(rng, 1.0, 0.35) * if bottleneck { 4.0 } else { 1.0 };
        }
    }

    /// Computes team membership (primary plus role fillers) and each person's roles.
    pub fn settle(&mut self) {
        let mut members = self.primary_members();
        let mut roles_of = vec![Vec::new(); self.people.len()];
        for (index, role) in self.roles.iter().enumerate() {
            for filler in &role.fillers {
                members[role.team as usize].push(*filler);
                roles_of[*filler as usize].push(index as Ix);
            }
        }
        for list in &mut members {
            list.sort_unstable();
            list.dedup();
        }
        self.members = members;
        self.roles_of = roles_of;
    }

    /// The seconds of the year a person was a member: `lo..hi`, empty if none.
    pub fn window(&self, person: Ix) -> (i64, i64) {
        let person = &self.people[person as usize];
        let lo = self.year.lo.max(person.joined * DAY);
        let hi = person.left.map_or(self.year.hi, |left| self.year.hi.min(left * DAY));
        (lo, hi)
    }

    pub fn present(&self, person: Ix, at: i64) -> bool {
        let (lo, hi) = self.window(person);
        lo <= at && at < hi
    }

    /// The people a party stands for in `domain`, members at `at`.
    pub fn resolve(&self, party: PartyDraft, domain: Ix, at: i64) -> Vec<Ix> {
        let party = match (party, self.domains[domain as usize].holder) {
            (PartyDraft::Holder, HolderDraft::Role(role)) => PartyDraft::Role(role),
            (PartyDraft::Holder, HolderDraft::Team(team)) => PartyDraft::Team(team),
            (other, _) => other,
        };
        let people: &[Ix] = match party {
            PartyDraft::Role(role) => &self.roles[role as usize].fillers,
            PartyDraft::Team(team) => &self.members[team as usize],
            PartyDraft::Holder => &[],
        };
        people.iter().copied().filter(|person| self.present(*person, at)).collect()
    }

    /// Whether team `inner` is `outer` or nested inside it.
    pub fn within(&self, inner: Ix, outer: Ix) -> bool {
        let mut current = Some(inner);
        while let Some(team) = current {
            if team == outer {
                return true;
            }
            current = self.teams[team as usize].parent;
        }
        false
    }
}

/// The ids of the draft's rows, numbered in creation order with fixed widths so they sort.
pub(super) struct Ids {
    pub teams: Vec<TeamId>,
    pub people: Vec<PersonId>,
    pub roles: Vec<RoleId>,
    pub domains: Vec<DomainId>,
}

/// `count` ids `{prefix}{n}`, n from 1, zero-padded to at least `width` digits.
pub(super) fn numbered<T>(prefix: &str, count: usize, width: usize) -> Result<Vec<T>, ValidationError>
where
    T: std::str::FromStr<Err = ValidationError>,
{
    let width = width.max(count.to_string().len());
    (1..=count).map(|n| format!("{prefix}{n:0width$}").parse()).collect()
}

impl Ids {
    pub fn new(draft: &Draft) -> Result<Ids, ValidationError> {
        Ok(Ids {
            teams: numbered("t", draft.teams.len(), 4)?,
            people: numbered("p", draft.people.len(), 6)?,
            roles: numbered("r", draft.roles.len(), 5)?,
            domains: numbered("d", draft.domains.len(), 4)?,
        })
    }

    fn party(&self, party: PartyDraft) -> Party {
        match party {
            PartyDraft::Holder => Party::Holder,
            PartyDraft::Role(role) => Party::Role(self.roles[role as usize].clone()),
            PartyDraft::Team(team) => Party::Team(self.teams[team as usize].clone()),
        }
    }
}

impl Draft {
    /// The structure as records: teams, people, roles, fillers, domains and rules.
    pub fn rows(&self, ids: &Ids, email_domain: &str, rng: &mut impl Rng) -> Result<Dataset, ValidationError> {
        let mut data = Dataset::default();
        for (index, team) in self.teams.iter().enumerate() {
            data.teams.push(Team {
                id: ids.teams[index].clone(),
                name: Name::parse(&team.name)?,
                purpose: Some(team.purpose.clone()),
                parent: team.parent.map(|parent| ids.teams[parent as usize].clone()),
            });
        }
        let mut keywords = std::collections::BTreeMap::new();
        let mut address_uses = vec![0u32; FIRST.len() * LAST.len()];
        for (index, person) in self.people.iter().enumerate() {
            let (first, last) = (rng.random_range(0..FIRST.len()), rng.random_range(0..LAST.len()));
            let uses = &mut address_uses[first * LAST.len() + last];
            *uses += 1;
            let local = email_local(FIRST[first], LAST[last]);
            let address = match *uses {
                1 => format!("{local}@{email_domain}"),
                n => format!("{local}{n}@{email_domain}"),
            };
            let mut skills = Vec::with_capacity(person.skills.len());
            for skill in &person.skills {
                if !keywords.contains_key(skill) {
                    keywords.insert(*skill, Keyword::parse(skill)?);
                }
                skills.extend(keywords.get(skill).cloned());
            }
            data.people.push(Person {
                id: ids.people[index].clone(),
                name: Name::parse(&format!("{} {}", FIRST[first], LAST[last]))?,
                email: Some(Email::parse(&address)?),
                skills,
                level: Some(person.level),
                superior: person.superior.map(|boss| ids.people[boss as usize].clone()),
                team: Some(ids.teams[person.team as usize].clone()),
                joined: Some(date(person.joined)?),
                left: person.left.map(date).transpose()?,
            });
        }
        for (index, role) in self.roles.iter().enumerate() {
            let template = role.template;
            data.roles.push(Role {
                id: ids.roles[index].clone(),
                team: ids.teams[role.team as usize].clone(),
                name: Name::parse(&role.name)?,
                purpose: Some(template.purpose.to_owned()),
                accountabilities: template.accountabilities.iter().map(|text| (*text).to_owned()).collect(),
                contributions: template.contributions.to_vec(),
                critical: template.critical,
            });
            let mut fillers = role.fillers.clone();
            fillers.sort_unstable();
            for person in fillers {
                let focus = match template.foci {
                    [] => None,
                    foci if chance(rng, 0.7) => pick(rng, foci).map(|focus| (*focus).to_owned()),
                    _ => None,
                };
                data.fillers.push(RoleFiller {
                    role: ids.roles[index].clone(),
                    person: ids.people[person as usize].clone(),
                    focus,
                });
            }
        }
        for (index, domain) in self.domains.iter().enumerate() {
            let id = ids.domains[index].clone();
            let info = domain.kind.info(self.profile);
            data.domains.push(Domain {
                id: id.clone(),
                name: Name::parse(&domain.name)?,
                description: Some(info.description.to_owned()),
                keywords: info.keywords.iter().map(|word| Keyword::parse(word)).collect::<Result<_, _>>()?,
                holder: match domain.holder {
                    HolderDraft::Role(role) => Holder::Role(ids.roles[role as usize].clone()),
                    HolderDraft::Team(team) => Holder::Team(ids.teams[team as usize].clone()),
                },
            });
            for (position, rule) in domain.rules.iter().enumerate() {
                let parties = |list: &[PartyDraft]| list.iter().map(|party| ids.party(*party)).collect();
                data.rules.push(Rule {
                    id: RuleId::parse(&format!("{id}-{}", position + 1))?,
                    domain: id.clone(),
                    position: position as u32 + 1,
                    condition: rule.condition.clone(),
                    decider: ids.party(rule.decider),
                    process: rule.process,
                    consulted: parties(&rule.consulted),
                    informed: parties(&rule.informed),
                    time_limit_hours: rule.hours,
                    escalate_to: rule.escalate_to.map(|party| ids.party(party)),
                });
            }
        }
        Ok(data)
    }
}

/// `count` distinct skills from `pool` (fewer if the pool is smaller).
pub(super) fn skills(rng: &mut impl Rng, pool: &[&'static str], count: usize) -> Vec<&'static str> {
    let mut chosen: Vec<&'static str> = pool.choose_multiple(rng, count).copied().collect();
    chosen.sort_unstable();
    chosen
}

/// Splits `total` into `parts` sizes of about the same size, then moves people between random
/// pairs so sizes vary by about a tenth of the mean either way, keeping every part at least `min`.
pub(super) fn split(rng: &mut impl Rng, total: u32, parts: u32, min: u32) -> Vec<u32> {
    let parts = parts.max(1);
    let mean = total / parts;
    let mut sizes: Vec<u32> = (0..parts).map(|index| mean + u32::from(index < total % parts)).collect();
    let spread = (mean / 8).max(1);
    let (low, high) = (mean.saturating_sub(spread).max(min), mean + spread + 1);
    for _ in 0..parts * 2 {
        let (from, to) = (rng.random_range(0..parts) as usize, rng.random_range(0..parts) as usize);
        let moved = rng.random_range(1..=spread);
        if from != to && sizes[from] >= low + moved && sizes[to] + moved <= high {
            sizes[from] -= moved;
            sizes[to] += moved;
        }
    }
    sizes
}

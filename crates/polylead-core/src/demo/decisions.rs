//! A year of decisions in every domain, following the domain's own rules: who proposes, which
//! rule applies, who decides, who gives advice or consent, objections and how they were
//! resolved, escalations, withdrawals, and reviews of outcomes. Also the time-boxed delegations.

use std::collections::BTreeMap;

use rand::Rng;

use super::calendar::{DAY, HOUR};
use super::draft::{Draft, HolderDraft, Ids, Ix, PartyDraft, TeamKind};
use super::random::{Pool, chance, lognormal, pick, poisson};
use super::templates::{
    ADVICE, LEARNED, MOTIVATIONS, OBJECTIONS, RATIONALE_ADVICE, RATIONALE_AUTONOMOUS, RATIONALE_CONSENT,
    RATIONALE_ESCALATED, Template,
};
use crate::condition::Attributes;
use crate::decision::{DecisionStatus, Outcome, Resolution, ResponseKind};
use crate::domain::Process;
use crate::error::ValidationError;
use crate::ids::TeamId;
use crate::text::Keyword;

pub(super) struct DelegationDraft {
    pub domain: Ix,
    pub delegate: Ix,
    pub by: Ix,
    pub starts: i64,
    pub ends: i64,
    pub note: &'static str,
}

const DELEGATION_NOTES: &[&str] = &[
    "Cover during annual leave.",
    "Cover during parental leave.",
    "Trying out the role before the next rotation.",
    "Cover while the holder is on a course.",
    "Cover during sick leave.",
];

/// A few time-boxed delegations: a role holder hands their domain to a team-mate for weeks.
pub(super) fn delegations(draft: &Draft, rng: &mut impl Rng) -> Vec<DelegationDraft> {
    let units = draft.teams.iter().filter(|team| team.kind == TeamKind::Unit).count();
    let wanted = (units / 3).max(1);
    let mut chosen = Vec::new();
    let (lo, hi) = (draft.year.lo, draft.year.hi);
    for _ in 0..wanted * 4 {
        if chosen.len() >= wanted || draft.domains.is_empty() {
            break;
        }
        let domain = rng.random_range(0..draft.domains.len()) as Ix;
        let HolderDraft::Role(role) = draft.domains[domain as usize].holder else { continue };
        let role = &draft.roles[role as usize];
        let [holder] = role.fillers[..] else { continue };
        let starts = lo + rng.random_range(0..(hi - lo - 70 * DAY).max(1));
        let ends = (starts + rng.random_range(14..=56) * DAY).min(hi - 1);
        let mates: Vec<Ix> = draft.members[role.team as usize]
            .iter()
            .copied()
            .filter(|person| *person != holder && draft.present(*person, starts) && draft.present(*person, ends))
            .collect();
        let Some(delegate) = pick(rng, &mates).copied() else { continue };
        if chosen.iter().any(|d: &DelegationDraft| d.domain == domain) || !draft.present(holder, starts) {
            continue;
        }
        let note = pick(rng, DELEGATION_NOTES).copied().unwrap_or(DELEGATION_NOTES[0]);
        chosen.push(DelegationDraft { domain, delegate, by: holder, starts, ends, note });
    }
    chosen.sort_by_key(|delegation| (delegation.starts, delegation.domain));
    chosen
}

pub(super) struct ResponseDraft {
    pub person: Ix,
    pub kind: ResponseKind,
    pub text: Option<&'static str>,
    pub given: i64,
    pub resolution: Option<Resolution>,
}

pub(super) struct DecisionDraft {
    pub domain: Ix,
    pub template: &'static Template,
    pub amount: Option<f64>,
    pub tags: Vec<Keyword>,
    pub proposer: Ix,
    pub decider: Option<Ix>,
    pub process: Process,
    pub status: DecisionStatus,
    pub created: i64,
    pub deadline: Option<i64>,
    pub decided: Option<i64>,
    pub review_due: Option<i64>,
    pub outcome: Option<Outcome>,
    pub motivation: Option<&'static str>,
    pub rationale: Option<&'static str>,
    pub learned: Option<&'static str>,
    pub responses: Vec<ResponseDraft>,
}

/// Every domain's decisions over the year, sorted by when they were proposed.
pub(super) fn decisions(
    draft: &Draft,
    ids: &Ids,
    delegations: &[DelegationDraft],
    rng: &mut impl Rng,
) -> Result<Vec<DecisionDraft>, ValidationError> {
    let team_index: BTreeMap<&TeamId, Ix> = ids.teams.iter().enumerate().map(|(i, id)| (id, i as Ix)).collect();
    let within = |inner: &TeamId, outer: &TeamId| match (team_index.get(inner), team_index.get(outer)) {
        (Some(inner), Some(outer)) => draft.within(*inner, *outer),
        _ => false,
    };
    let mut children: Vec<Vec<Ix>> = vec![Vec::new(); draft.teams.len()];
    for (index, team) in draft.teams.iter().enumerate() {
        if let Some(parent) = team.parent {
            children[parent as usize].push(index as Ix);
        }
    }
    let mut tag_words: BTreeMap<&str, Keyword> = BTreeMap::new();
    let mut all = Vec::new();
    for (domain_index, domain) in draft.domains.iter().enumerate() {
        let domain_ix = domain_index as Ix;
        let info = domain.kind.info(draft.profile);
        let count = poisson(rng, domain.rate);
        if count == 0 || info.templates.is_empty() {
            continue;
        }
        // Who proposes: the team's members, and for a group the members of its offices and
        // sub-groups (regional directors, coaches, heads of school, back office).
        let team = domain.team as usize;
        let mut proposers = draft.members[team].clone();
        if matches!(draft.teams[team].kind, TeamKind::Root | TeamKind::Group) {
            for child in &children[team] {
                if matches!(draft.teams[*child as usize].kind, TeamKind::Group | TeamKind::Office) {
                    proposers.extend(&draft.members[*child as usize]);
                }
            }
        }
        let proposers = Pool::new(proposers, |person| draft.people[person as usize].activity);
        for _ in 0..count {
            let Some(proposer) = proposers.draw(rng) else { break };
            let (lo, hi) = draft.window(proposer);
            if hi - lo < 2 * DAY {
                continue;
            }
            let created = draft.profile.rhythm().moment(rng, lo, hi - HOUR);
            let Some(template) = pick(rng, info.templates) else { continue };
            let amount = (template.amount > 0.0)
                .then(|| ((template.amount * lognormal(rng, 1.0, 0.45)) / 10.0).round().max(1.0) * 10.0);
            let mut tags = Vec::new();
            for tag in template.tags {
                if !tag_words.contains_key(tag) {
                    tag_words.insert(tag, Keyword::parse(tag)?);
                }
                tags.extend(tag_words.get(tag).cloned());
            }
            let attributes = Attributes { amount, scope: Some(ids.teams[team].clone()), tags };
            let Some(rule) = domain.rules.iter().position(|rule| rule.condition.matches(&attributes, within)) else {
                continue;
            };
            let decision = Decision {
                draft,
                domain: domain_ix,
                rule,
                template,
                amount,
                tags: attributes.tags,
                proposer,
                created,
                review_share: info.review,
            };
            all.push(decision.unfold(delegations, rng));
        }
    }
    all.sort_by_key(|decision| (decision.created, decision.domain, decision.proposer));
    Ok(all)
}

/// One proposal being followed through its process.
struct Decision<'a> {
    draft: &'a Draft,
    domain: Ix,
    rule: usize,
    template: &'static Template,
    amount: Option<f64>,
    tags: Vec<Keyword>,
    proposer: Ix,
    created: i64,
    review_share: f64,
}

impl Decision<'_> {
    fn unfold(self, delegations: &[DelegationDraft], rng: &mut impl Rng) -> DecisionDraft {
        let draft = self.draft;
        let (year_end, created) = (draft.year.hi, self.created);
        let domain = &draft.domains[self.domain as usize];
        let rule = &domain.rules[self.rule];
        let rhythm = draft.profile.rhythm();
        let mut proposer = self.proposer;

        // Who decides: a delegate in force, else the rule's decider, else up the line.
        let delegate = delegations
            .iter()
            .find(|d| d.domain == self.domain && d.starts <= created && created < d.ends)
            .map(|d| d.delegate);
        let holder_team = match domain.holder {
            HolderDraft::Team(team) => Some(team),
            HolderDraft::Role(_) => None,
        };
        let mut decider = delegate.or_else(|| {
            let candidates = draft.resolve(rule.decider, self.domain, created);
            if holder_team.is_some() && candidates.contains(&proposer) {
                Some(proposer)
            } else {
                pick(rng, &candidates).copied()
            }
        });
        if decider.is_none() {
            decider = rule
                .escalate_to
                .and_then(|party| pick(rng, &draft.resolve(party, self.domain, created)).copied())
                .or(draft.people[proposer as usize].superior)
                .filter(|person| draft.present(*person, created));
        }
        // Holders often propose their own decisions (decide, then inform).
        if let Some(holder) = decider
            && holder_team.is_none()
            && chance(rng, 0.45)
        {
            proposer = holder;
        }
        // Now and then a decision is taken above the level it was designed for.
        if let Some(boss) = draft.people[proposer as usize].superior
            && chance(rng, 0.04)
            && draft.present(boss, created)
            && Some(boss) != decider
        {
            decider = Some(boss);
        }
        let slowness = decider.map_or(2.0, |person| draft.people[person as usize].slowness);

        let mut out = DecisionDraft {
            domain: self.domain,
            template: self.template,
            amount: self.amount,
            tags: self.tags,
            proposer,
            decider: None,
            process: rule.process,
            status: DecisionStatus::Open,
            created,
            deadline: None,
            decided: None,
            review_due: None,
            outcome: None,
            motivation: chance(rng, 0.6).then(|| pick(rng, MOTIVATIONS).copied()).flatten(),
            rationale: None,
            learned: None,
            responses: Vec::new(),
        };
        if created > year_end - 30 * DAY && chance(rng, 0.12) {
            out.status = DecisionStatus::Draft;
            return out;
        }
        let limit = i64::from(rule.hours.unwrap_or(168)) * HOUR;
        if rule.process != Process::Autonomous {
            out.deadline = Some(created + limit);
        }
        let median_hours = match rule.process {
            Process::Autonomous => 5.0,
            Process::Advice => 80.0,
            Process::Consent => 150.0,
        };
        let mut latency = (lognormal(rng, median_hours, 0.9) * slowness * HOUR as f64) as i64 + 10 * 60;
        // Some proposals stall with their decider for months.
        if rule.process != Process::Autonomous && chance(rng, 0.03) {
            latency *= 12;
        }
        let withdrawn = chance(rng, 0.03);
        if withdrawn {
            latency /= 2;
        }

        // Advice and consent from the people the rule names.
        let others = |people: Vec<Ix>| -> Vec<Ix> {
            people.into_iter().filter(|p| *p != proposer && Some(*p) != decider).collect::<Vec<_>>()
        };
        let mut objection_escalated = false;
        match rule.process {
            Process::Autonomous => {}
            Process::Advice => {
                let mut advisors = Vec::new();
                for party in &rule.consulted {
                    advisors.extend(asked(rng, *party, others(draft.resolve(*party, self.domain, created))));
                }
                advisors.sort_unstable();
                advisors.dedup();
                let end = created + latency;
                for advisor in advisors {
                    if chance(rng, 0.85) {
                        let given = rhythm.moment(rng, created + (end - created) / 20, end);
                        out.respond(draft, advisor, ResponseKind::Advice, pick(rng, ADVICE).copied(), given, None);
                    }
                }
            }
            Process::Consent => {
                let mut asked = Vec::new();
                for party in &rule.consulted {
                    asked.extend(self::asked(rng, *party, others(draft.resolve(*party, self.domain, created))));
                }
                if let Some(team) = holder_team {
                    asked.extend(others(draft.resolve(PartyDraft::Team(team), self.domain, created)));
                }
                asked.sort_unstable();
                asked.dedup();
                if asked.len() > 15 {
                    asked = asked.choose_few(rng, 15);
                }
                let end = created + latency;
                let objector = if chance(rng, 0.18) { pick(rng, &asked).copied() } else { None };
                for person in asked {
                    let given = rhythm.moment(rng, created + (end - created) / 20, created + (end - created) * 7 / 10);
                    if Some(person) == objector {
                        let resolution = if created + latency + 3 * DAY >= year_end {
                            None
                        } else {
                            match rng.random::<f64>() {
                                0.0..0.72 => Some(Resolution::Integrated),
                                0.72..0.85 => Some(Resolution::Withdrawn),
                                _ => Some(Resolution::Escalated),
                            }
                        };
                        match resolution {
                            Some(Resolution::Integrated) => latency += rng.random_range(1..=5) * DAY,
                            Some(Resolution::Escalated) => objection_escalated = true,
                            _ => {}
                        }
                        let reason = pick(rng, OBJECTIONS).copied();
                        out.respond(draft, person, ResponseKind::Objection, reason, given, resolution);
                    } else if chance(rng, 0.45) {
                        out.respond(draft, person, ResponseKind::Consent, None, given, None);
                    }
                }
            }
        }
        out.responses.sort_by_key(|response| (response.given, response.person));

        if withdrawn {
            out.status = DecisionStatus::Withdrawn;
            out.responses.retain(|response| response.given < created + latency);
            for response in &mut out.responses {
                if response.kind == ResponseKind::Objection && response.resolution == Some(Resolution::Escalated) {
                    response.resolution = Some(Resolution::Withdrawn);
                }
            }
            return out;
        }

        // Escalation: an objection that could not be integrated, or a deadline long passed.
        let overdue = rule.process != Process::Autonomous && latency > limit * 13 / 10 && chance(rng, 0.5);
        if let (Some(party), true) = (rule.escalate_to, objection_escalated || overdue) {
            let escalated_at = created + latency.min(limit);
            let targets = draft.resolve(party, self.domain, escalated_at.min(year_end - 1));
            let late = escalated_at + (lognormal(rng, 60.0, 0.8) * HOUR as f64) as i64;
            match pick(rng, &targets).copied() {
                Some(person) if late < year_end && chance(rng, 0.6) => {
                    out.decided = Some(late);
                    out.decider = Some(person);
                    out.rationale = pick(rng, RATIONALE_ESCALATED).copied();
                }
                _ => {
                    out.status = DecisionStatus::Escalated;
                    out.responses.retain(|response| response.given < year_end);
                    return out;
                }
            }
        } else {
            out.decided = Some(created + latency);
            out.decider = decider;
            let rationales = match rule.process {
                Process::Autonomous => RATIONALE_AUTONOMOUS,
                Process::Advice => RATIONALE_ADVICE,
                Process::Consent => RATIONALE_CONSENT,
            };
            out.rationale = pick(rng, rationales).copied();
        }

        let decided = out.decided.map(|at| rhythm.next_working(rng, at));
        let still_open = match (decided, out.decider) {
            (Some(at), Some(person)) => at >= year_end || !draft.present(person, at),
            _ => true,
        };
        if still_open {
            out.status = DecisionStatus::Open;
            out.decided = None;
            out.decider = None;
            out.rationale = None;
            out.responses.retain(|response| response.given < year_end);
            for response in &mut out.responses {
                response.resolution = None;
            }
            return out;
        }
        out.decided = decided;
        let decided = decided.unwrap_or(created);
        out.status = if rule.process == Process::Consent { DecisionStatus::Adopted } else { DecisionStatus::Decided };
        out.responses.retain(|response| response.given <= decided);

        if chance(rng, self.review_share) {
            let due = decided + rng.random_range(45..=120) * DAY;
            out.review_due = Some(due);
            if due < year_end {
                if chance(rng, 0.65) {
                    out.status = DecisionStatus::Reviewed;
                    out.outcome = Some(match rng.random::<f64>() {
                        0.0..0.6 => Outcome::Worked,
                        0.6..0.88 => Outcome::Partly,
                        _ => Outcome::DidNot,
                    });
                    out.learned = pick(rng, LEARNED).copied();
                } else {
                    out.status = DecisionStatus::ReviewDue;
                }
            }
        }
        out
    }
}

impl DecisionDraft {
    fn respond(
        &mut self,
        draft: &Draft,
        person: Ix,
        kind: ResponseKind,
        text: Option<&'static str>,
        given: i64,
        resolution: Option<Resolution>,
    ) {
        if given < draft.year.hi && draft.present(person, given) {
            self.responses.push(ResponseDraft { person, kind, text, given, resolution });
        }
    }
}

/// Who is actually asked when a rule names a party: a few members of a team, one of a
/// role's fillers when a role has several (one finance advisor, not the whole department).
fn asked(rng: &mut impl Rng, party: PartyDraft, people: Vec<Ix>) -> Vec<Ix> {
    match party {
        PartyDraft::Team(_) if people.len() > 3 => people.choose_few(rng, 3),
        PartyDraft::Role(_) if people.len() > 2 => people.choose_few(rng, 1),
        _ => people,
    }
}

/// A random subset, kept in its original order.
trait ChooseFew {
    fn choose_few(self, rng: &mut impl Rng, count: usize) -> Self;
}

impl ChooseFew for Vec<Ix> {
    fn choose_few(self, rng: &mut impl Rng, count: usize) -> Vec<Ix> {
        let mut keep: Vec<usize> = rand::seq::index::sample(rng, self.len(), count.min(self.len())).into_vec();
        keep.sort_unstable();
        keep.into_iter().map(|index| self[index]).collect()
    }
}

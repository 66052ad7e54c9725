//! "Who decides this, whom must I ask, by when, and why?" — one domain's rules applied to one
//! decision's attributes, with every rule's verdict kept as the explanation. Gaps and
//! conflicts in the rights are reported as findings, never guessed around.

use std::collections::BTreeMap;
use std::fmt;

use jiff::{SignedDuration, Timestamp};

use crate::condition::Attributes;
use crate::domain::{Domain, Party, Process, Rule};
use crate::error::ValidationError;
use crate::ids::{DelegationId, DomainId, PersonId, RuleId};
use crate::rights::organisation::Organisation;
use crate::text::Keyword;

/// A decision someone wants to take, described by its domain and attributes.
#[derive(Clone, Debug)]
pub struct Question {
    pub domain: DomainId,
    pub attributes: Attributes,
    /// Who asks; the answer then says whether they may decide themselves.
    pub asker: Option<PersonId>,
    /// When: membership, delegations and the deadline are taken at this instant.
    pub at: Timestamp,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Answer {
    pub domain: DomainId,
    /// The first rule whose condition holds; `None` when none does (see `findings`).
    pub rule: Option<RuleId>,
    pub process: Option<Process>,
    /// Who may take the decision, in id order.
    pub deciders: Vec<Decider>,
    /// Whom the decider must ask first, in id order, each with the reasons.
    pub advisors: Vec<Advisor>,
    pub informed: Vec<PersonId>,
    /// When advice or consent closes (the rule's time limit from `at`).
    pub deadline: Option<Timestamp>,
    /// The rule's time limit: advice or consent runs this long, and an undecided decision
    /// escalates this long after the deadline.
    pub time_limit: Option<SignedDuration>,
    pub escalation: Option<Escalation>,
    /// Whether the asker is among the deciders; `None` when nobody asked.
    pub asker_may_decide: Option<bool>,
    /// Every rule in order with its verdict: the explanation.
    pub checks: Vec<RuleCheck>,
    pub findings: Vec<Finding>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Decider {
    pub person: PersonId,
    pub via: Via,
}

/// Where a decider's right comes from.
#[derive(Clone, PartialEq, Debug)]
pub enum Via {
    /// The matching rule names them (directly or through a role, team or the holder).
    Rule(Party),
    /// A delegation of the domain in force at the time asked.
    Delegation { id: DelegationId, by: Option<PersonId>, until: Timestamp },
}

#[derive(Clone, PartialEq, Debug)]
pub struct Advisor {
    pub person: PersonId,
    pub reasons: Vec<String>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Escalation {
    pub to: Party,
    pub people: Vec<PersonId>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct RuleCheck {
    pub rule: RuleId,
    pub position: u32,
    pub condition: String,
    pub verdict: Verdict,
}

#[derive(Clone, PartialEq, Debug)]
pub enum Verdict {
    Matched,
    /// The condition does not hold, and why.
    Skipped(String),
    /// An earlier rule matched, so this one was not tried.
    NotTried,
}

/// A gap or conflict in the decision rights, reported instead of guessed around.
#[derive(Clone, PartialEq, Debug)]
pub enum Finding {
    /// The domain has no rules at all.
    NoRules,
    /// No rule's condition holds for these attributes.
    NoRuleMatches,
    /// The deciding party stands for nobody who is a member now.
    NobodyToDecide { party: Party },
    /// Several delegations of the domain are in force at once, to different people.
    ConflictingDelegations { delegates: Vec<PersonId> },
    /// A consulted, informed or escalation party stands for nobody who is a member now.
    VacantParty { party: Party, part: &'static str },
    /// The rule has a time limit but says nowhere to escalate.
    NoEscalationPath,
    /// The decision's scope team lies outside the team the domain belongs to.
    ScopeOutsideDomain,
    /// A tag names no domain in the decision's line of teams but many elsewhere, so it says
    /// nothing about whom to ask; their holders are not listed.
    TagTooBroad { tag: Keyword, domains: usize },
}

/// A tag that touches no domain in the decision's line of teams brings in the holders of
/// the domains carrying it elsewhere only when there are at most this many.
pub const MAX_DISTANT_TAG_DOMAINS: usize = 3;

impl Finding {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Finding::NoRules => "no_rules",
            Finding::NoRuleMatches => "no_rule_matches",
            Finding::NobodyToDecide { .. } => "nobody_to_decide",
            Finding::ConflictingDelegations { .. } => "conflicting_delegations",
            Finding::VacantParty { .. } => "vacant_party",
            Finding::NoEscalationPath => "no_escalation_path",
            Finding::ScopeOutsideDomain => "scope_outside_domain",
            Finding::TagTooBroad { .. } => "tag_too_broad",
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::NoRules => f.write_str("the domain has no rules, so nobody holds the right to decide in it"),
            Finding::NoRuleMatches => f.write_str(
                "no rule of the domain covers a decision like this one; add a rule or change the attributes",
            ),
            Finding::NobodyToDecide { party } => {
                write!(f, "the rule says {party} decides, but {party} stands for no current member")
            }
            Finding::ConflictingDelegations { delegates } => {
                let names: Vec<&str> = delegates.iter().map(PersonId::as_str).collect();
                write!(f, "the domain is delegated to several people at once ({}); end all but one", names.join(", "))
            }
            Finding::VacantParty { party, part } => {
                write!(f, "the {part} party {party} stands for no current member")
            }
            Finding::NoEscalationPath => {
                f.write_str("the rule has a time limit but no escalate_to; a stalled decision would have nowhere to go")
            }
            Finding::ScopeOutsideDomain => {
                f.write_str("the decision's scope lies outside the team the domain belongs to")
            }
            Finding::TagTooBroad { tag, domains } => write!(
                f,
                "the tag {tag} names {domains} domains, none in this decision's line of teams, so it brings in no \
                 advisors; ask the holders of the domain you mean, or use a more specific tag"
            ),
        }
    }
}

impl Answer {
    pub fn may_decide(&self, person: &PersonId) -> bool {
        self.deciders.iter().any(|decider| &decider.person == person)
    }

    pub fn is_advisor(&self, person: &PersonId) -> bool {
        self.advisors.iter().any(|advisor| &advisor.person == person)
    }

    /// The explanation as sentences, rule by rule.
    pub fn explanation(&self) -> Vec<String> {
        self.checks
            .iter()
            .map(|check| match &check.verdict {
                Verdict::Matched => {
                    format!("rule {} (position {}, `{}`) applies", check.rule, check.position, check.condition)
                }
                Verdict::Skipped(why) => {
                    format!("rule {} (position {}) does not apply: {why}", check.rule, check.position)
                }
                Verdict::NotTried => {
                    format!("rule {} (position {}) was not tried: an earlier rule applies", check.rule, check.position)
                }
            })
            .collect()
    }
}

/// Answers the question from the organisation's rules. Fails only when the question itself is
/// wrong (an unknown domain or scope team, a negative or non-finite amount).
pub fn resolve(organisation: &Organisation, question: &Question) -> Result<Answer, ValidationError> {
    answer(organisation, question, Depth::Full)
}

/// The same answer without the advisors and the informed (and their findings): who decides,
/// the deadline and the escalation only — for comparing many decisions at once (what-if), where
/// naming whole consulted teams would dominate the time.
pub fn resolve_deciders(organisation: &Organisation, question: &Question) -> Result<Answer, ValidationError> {
    answer(organisation, question, Depth::Deciders)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    Full,
    Deciders,
}

fn answer(organisation: &Organisation, question: &Question, depth: Depth) -> Result<Answer, ValidationError> {
    let domain = organisation
        .domain(&question.domain)
        .ok_or_else(|| ValidationError::new(format!("there is no domain {}", question.domain)))?;
    check_attributes(organisation, &question.attributes)?;
    let within = |inner: &_, outer: &_| organisation.within(inner, outer);
    let rules = organisation.rules(&domain.id);

    let mut checks = Vec::with_capacity(rules.len());
    let mut matched: Option<&Rule> = None;
    for rule in rules {
        let verdict = if matched.is_some() {
            Verdict::NotTried
        } else {
            match rule.condition.why_not(&question.attributes, within) {
                None => {
                    matched = Some(rule);
                    Verdict::Matched
                }
                Some(why) => Verdict::Skipped(why),
            }
        };
        checks.push(RuleCheck {
            rule: rule.id.clone(),
            position: rule.position,
            condition: rule.condition.to_string(),
            verdict,
        });
    }

    let mut answer = Answer {
        domain: domain.id.clone(),
        rule: matched.map(|rule| rule.id.clone()),
        process: matched.map(|rule| rule.process),
        deciders: Vec::new(),
        advisors: Vec::new(),
        informed: Vec::new(),
        deadline: None,
        time_limit: None,
        escalation: None,
        asker_may_decide: None,
        checks,
        findings: Vec::new(),
    };
    if let (Some(scope), Some(team)) = (&question.attributes.scope, organisation.team_of(domain))
        && !organisation.within(scope, team)
    {
        answer.findings.push(Finding::ScopeOutsideDomain);
    }
    match matched {
        None if rules.is_empty() => answer.findings.push(Finding::NoRules),
        None => answer.findings.push(Finding::NoRuleMatches),
        Some(rule) => fill_from_rule(organisation, domain, rule, question, depth, &mut answer),
    }
    answer.asker_may_decide = question.asker.as_ref().map(|asker| answer.may_decide(asker));
    Ok(answer)
}

fn check_attributes(organisation: &Organisation, attributes: &Attributes) -> Result<(), ValidationError> {
    if let Some(amount) = attributes.amount
        && !(amount.is_finite() && amount >= 0.0)
    {
        return Err(ValidationError::new(format!("amount {amount} must be a number of zero or more")));
    }
    if let Some(scope) = &attributes.scope
        && organisation.team(scope).is_none()
    {
        return Err(ValidationError::new(format!("there is no team {scope} (the scope)")));
    }
    Ok(())
}

fn fill_from_rule(
    organisation: &Organisation,
    domain: &Domain,
    rule: &Rule,
    question: &Question,
    depth: Depth,
    answer: &mut Answer,
) {
    let at = question.at;
    answer.deciders = deciders(organisation, domain, rule, at, &mut answer.findings);
    fill_escalation(organisation, domain, rule, at, answer);
    if depth == Depth::Full {
        fill_advisors(organisation, domain, rule, question, answer);
    }
}

fn fill_advisors(organisation: &Organisation, domain: &Domain, rule: &Rule, question: &Question, answer: &mut Answer) {
    let at = question.at;

    let mut advisors: BTreeMap<PersonId, Vec<String>> = BTreeMap::new();
    for party in &rule.consulted {
        let people = organisation.people_of(party, domain, at);
        if people.is_empty() {
            answer.findings.push(Finding::VacantParty { party: party.clone(), part: "consulted" });
        }
        for person in people {
            advisors.entry(person).or_default().push(format!("consulted as {party} by rule {}", rule.id));
        }
    }
    let home = question.attributes.scope.as_ref().or_else(|| organisation.team_of(domain));
    let lineage = home.map(|team| organisation.lineage(team)).unwrap_or_default();
    for tag in &question.attributes.tags {
        // The domains the tag names in the decision's own line of teams; failing those, a few
        // elsewhere (a cross-cutting team's domain), but never a whole organisation's worth.
        let mut touched: Vec<&DomainId> = lineage
            .iter()
            .flat_map(|team| organisation.domains_with_keyword_in(tag, team))
            .filter(|id| **id != domain.id)
            .collect();
        if touched.is_empty() {
            touched = organisation.domains_with_keyword(tag).iter().filter(|id| **id != domain.id).collect();
            if touched.len() > MAX_DISTANT_TAG_DOMAINS {
                answer.findings.push(Finding::TagTooBroad { tag: tag.clone(), domains: touched.len() });
                touched.clear();
            }
        }
        for other in touched {
            let Some(other) = organisation.domain(other) else { continue };
            let holder = Party::from(&other.holder);
            for person in organisation.people_of(&holder, other, at) {
                advisors.entry(person).or_default().push(format!(
                    "holds the domain {} ({}), which the tag {tag} touches",
                    other.id,
                    other.name.as_str()
                ));
            }
        }
    }
    let asker = question.asker.as_ref();
    answer.advisors = advisors
        .into_iter()
        .filter(|(person, _)| !answer.may_decide(person) && Some(person) != asker)
        .map(|(person, reasons)| Advisor { person, reasons })
        .collect();

    let mut informed = Vec::new();
    for party in &rule.informed {
        let people = organisation.people_of(party, domain, at);
        if people.is_empty() {
            answer.findings.push(Finding::VacantParty { party: party.clone(), part: "informed" });
        }
        informed.extend(people);
    }
    informed.sort();
    informed.dedup();
    informed.retain(|person| !answer.may_decide(person));
    answer.informed = informed;
}

fn fill_escalation(organisation: &Organisation, domain: &Domain, rule: &Rule, at: Timestamp, answer: &mut Answer) {
    answer.time_limit = rule.time_limit_hours.map(|hours| SignedDuration::from_hours(i64::from(hours)));
    answer.deadline = answer.time_limit.map(|limit| at + limit);
    match &rule.escalate_to {
        Some(party) => {
            let people = organisation.people_of(party, domain, at);
            if people.is_empty() {
                answer.findings.push(Finding::VacantParty { party: party.clone(), part: "escalation" });
            }
            answer.escalation = Some(Escalation { to: party.clone(), people });
        }
        None if rule.time_limit_hours.is_some() => answer.findings.push(Finding::NoEscalationPath),
        None => {}
    }
}

/// The rule's deciders; a delegation in force hands the holder's right to the delegate.
fn deciders(
    organisation: &Organisation,
    domain: &Domain,
    rule: &Rule,
    at: Timestamp,
    findings: &mut Vec<Finding>,
) -> Vec<Decider> {
    if rule.decider == Party::Holder {
        let in_force = organisation.delegations_in_force(&domain.id, at);
        let mut delegates: Vec<PersonId> = in_force.iter().map(|delegation| delegation.delegate.clone()).collect();
        delegates.sort();
        delegates.dedup();
        match (in_force.first(), delegates.len()) {
            (Some(delegation), 1) => {
                return vec![Decider {
                    person: delegation.delegate.clone(),
                    via: Via::Delegation {
                        id: delegation.id.clone(),
                        by: delegation.delegated_by.clone(),
                        until: delegation.ends_at,
                    },
                }];
            }
            (Some(_), _) => {
                findings.push(Finding::ConflictingDelegations { delegates });
                return Vec::new();
            }
            (None, _) => {}
        }
    }
    let people = organisation.people_of(&rule.decider, domain, at);
    if people.is_empty() {
        findings.push(Finding::NobodyToDecide { party: rule.decider.clone() });
    }
    people.into_iter().map(|person| Decider { person, via: Via::Rule(rule.decider.clone()) }).collect()
}

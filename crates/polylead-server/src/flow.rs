//! The decision use cases: each reads what it needs, asks the core, and records the result in
//! one transaction. Shared by the API handlers and the scheduler.

use std::collections::BTreeMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use polylead_core::ValidationError;
use polylead_core::condition::Attributes;
use polylead_core::decision::{Decision, DecisionStatus, Proposal};
use polylead_core::governance;
use polylead_core::ids::{DecisionId, PersonId};
use polylead_core::lifecycle::{self, Action, Case, Transition, Waiting};
use polylead_core::rights::{Answer, Organisation, Question, resolve};
use polylead_search::{DomainIndex, ExpertIndex};
use polylead_store::{Store, StoreError, StoredDecision, apply_rows, create_decision, record_step, save_change_files};
use tokio::sync::Mutex;

use crate::error::ApiError;

/// The organisation's structure and its search indexes, loaded once and reloaded when the
/// history shows a change (by this server or another one on the same database).
#[derive(Clone, Default)]
pub struct Structure {
    cached: Arc<Mutex<Option<Snapshot>>>,
    experts: Cache<ExpertIndex>,
}

/// A value built from the database as of one history position.
type Cache<T> = Arc<Mutex<Option<Versioned<T>>>>;

struct Versioned<T> {
    seen: i64,
    value: Arc<T>,
}

/// The structure as of one history position.
struct Snapshot {
    last_change: i64,
    organisation: Arc<Organisation>,
    domains: Arc<DomainIndex>,
}

impl Structure {
    pub async fn current(&self, store: &Store) -> Result<Arc<Organisation>, StoreError> {
        Ok(self.snapshot(store).await?.0)
    }

    /// The free-text index of the domains (names, descriptions, keywords, holders' roles).
    pub async fn domain_index(&self, store: &Store) -> Result<Arc<DomainIndex>, ApiError> {
        Ok(self.snapshot(store).await?.1)
    }

    async fn snapshot(&self, store: &Store) -> Result<(Arc<Organisation>, Arc<DomainIndex>), StoreError> {
        let last_change = store.last_structure_change().await?;
        let mut cached = self.cached.lock().await;
        if let Some(snapshot) = cached.as_ref()
            && snapshot.last_change == last_change
        {
            return Ok((snapshot.organisation.clone(), snapshot.domains.clone()));
        }
        let data = store.structure().await?;
        let domains = DomainIndex::build(&data)
            .map_err(|error| StoreError::Corrupt(format!("indexing the domains failed: {error}")))?;
        let snapshot =
            Snapshot { last_change, organisation: Arc::new(Organisation::new(&data)), domains: Arc::new(domains) };
        let parts = (snapshot.organisation.clone(), snapshot.domains.clone());
        *cached = Some(snapshot);
        Ok(parts)
    }

    /// The index of who knows about what: skills, roles, decisions and advice taken part in.
    /// Rebuilt when anything was written since (decisions and imports add to it).
    pub async fn expert_index(&self, store: &Store) -> Result<Arc<ExpertIndex>, ApiError> {
        let last_change = store.last_change().await?;
        let mut cached = self.experts.lock().await;
        if let Some(versioned) = cached.as_ref()
            && versioned.seen == last_change
        {
            return Ok(versioned.value.clone());
        }
        let mut data = store.structure().await?;
        data.decisions = store.all().await?;
        data.responses = store.all().await?;
        data.ties = store.all().await?;
        let index =
            Arc::new(tokio::task::spawn_blocking(move || ExpertIndex::build(&data)).await.map_err(|error| {
                ApiError::Store(StoreError::Corrupt(format!("building the expert index stopped: {error}")))
            })??);
        *cached = Some(Versioned { seen: last_change, value: index.clone() });
        Ok(index)
    }
}

/// The time of a request or a scheduler round, in whole seconds (stored times are
/// milliseconds; deadlines read better without fractions): the one place the server reads
/// the clock.
#[allow(clippy::disallowed_methods)]
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_second(now.as_second()).unwrap_or(now)
}

/// A fresh id with `prefix`: 16 hex digits from the process's random hasher keys, the clock
/// and a counter, so ids from several servers do not collide.
pub fn fresh_id(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_i128(now().as_nanosecond());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{prefix}{:016x}", hasher.finish())
}

/// The rights for a decision's domain and attributes at `at`.
pub fn rights_of(organisation: &Organisation, decision: &Decision, at: Timestamp) -> Result<Answer, ApiError> {
    let question = Question {
        domain: decision.domain.clone(),
        attributes: Attributes { amount: decision.amount, scope: decision.scope.clone(), tags: decision.tags.clone() },
        // The proposer is never a required advisor of their own proposal.
        asker: Some(decision.proposer.clone()),
        at,
    };
    Ok(resolve(organisation, &question)?)
}

/// Stores a new draft proposed by `proposer`, and opens it at once when `open` is set.
pub async fn propose(
    store: &Store,
    structure: &Structure,
    decision: Decision,
    open: bool,
) -> Result<StoredDecision, ApiError> {
    let organisation = structure.current(store).await?;
    if organisation.person(&decision.proposer).is_none() {
        return Err(ApiError::not_found(polylead_core::record::Entity::Person, decision.proposer.to_string()));
    }
    // Resolving now refuses an unknown domain or scope before anything is stored.
    rights_of(&organisation, &decision, decision.created_at)?;
    let mut tx = store.begin().await?;
    create_decision(&mut tx, &decision, decision.proposer.as_str()).await?;
    tx.commit().await?;
    let proposer = decision.proposer.clone();
    if open {
        return step(store, structure, &decision.id, &proposer, Action::Open).await;
    }
    Ok(store.decision(&decision.id).await?)
}

/// `actor` takes `action` on decision `id` now. Of two people acting on the same state, one
/// gets a conflict.
pub async fn step(
    store: &Store,
    structure: &Structure,
    id: &DecisionId,
    actor: &PersonId,
    action: Action,
) -> Result<StoredDecision, ApiError> {
    let organisation = structure.current(store).await?;
    if organisation.person(actor).is_none() {
        return Err(ApiError::not_found(polylead_core::record::Entity::Person, actor.to_string()));
    }
    let stored = store.decision(id).await?;
    let at = now().max(stored.decision.created_at);
    let rights = rights_of(&organisation, &stored.decision, at)?;
    let case = Case { decision: &stored.decision, responses: &stored.responses, rights: &rights };
    let transition = lifecycle::take(case, actor, action, at, &fresh_id("s"))?;
    record(store, &stored, &transition, actor.as_str()).await?;
    Ok(store.decision(id).await?)
}

/// Records a step; when it adopts or decides a governance change, applies the change in the
/// same transaction, after checking it still fits the structure as it is now.
async fn record(store: &Store, before: &StoredDecision, transition: &Transition, actor: &str) -> Result<(), ApiError> {
    let done = [DecisionStatus::Decided, DecisionStatus::Adopted];
    let change = if done.contains(&transition.decision.status) && !done.contains(&before.decision.status) {
        let files = store.change_files(&before.decision.id).await?;
        if files.is_empty() {
            None
        } else {
            let current = store.structure().await?;
            let change = governance::read_change(&files, &current).map_err(|problems| {
                ApiError::Validation(ValidationError::wrong_state(format!(
                    "the change no longer fits the organisation, so it cannot be adopted: {}",
                    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                )))
            })?;
            Some(change)
        }
    } else {
        None
    };
    let mut tx = store.begin().await?;
    record_step(&mut tx, before, transition, actor).await?;
    if let Some(change) = change {
        apply_rows(&mut tx, &change.rows, actor, Some(&before.decision.id)).await?;
    }
    Ok(tx.commit().await?)
}

/// What became of a proposed governance change.
pub enum ChangeOutcome {
    /// Applied at once: asked for (by an admin), or the organisation's `governance` setting
    /// is `direct`.
    Applied,
    /// Proposed as a decision in the team's governance domain.
    Proposed(Box<StoredDecision>),
}

/// Proposes a change to the structure (CSV files, as for an import) by `proposer`: checked
/// now, then decided in the governance domain of the team it concerns (or applied at once
/// when `apply`, which only admins may ask for, or when the organisation's `governance`
/// setting is `direct`; an applied request is audited).
pub async fn propose_change(
    store: &Store,
    structure: &Structure,
    proposer: &PersonId,
    title: &str,
    proposal: Option<String>,
    files: &BTreeMap<String, Vec<u8>>,
    apply: bool,
) -> Result<ChangeOutcome, ApiError> {
    let organisation = structure.current(store).await?;
    if organisation.person(proposer).is_none() {
        return Err(ApiError::not_found(polylead_core::record::Entity::Person, proposer.to_string()));
    }
    let current = store.structure().await?;
    let change = governance::read_change(files, &current).map_err(|problems| {
        ApiError::Invalid(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
    })?;
    if apply || governance::Mode::of(&organisation) == governance::Mode::Direct {
        let mut tx = store.begin().await?;
        apply_rows(&mut tx, &change.rows, proposer.as_str(), None).await?;
        tx.commit().await?;
        if apply {
            let rows: u64 = change.rows.counts().iter().map(|(_, count)| count).sum();
            let noun = if rows == 1 { "row" } else { "rows" };
            let detail = format!("\"{title}\": {rows} {noun} created or replaced at once, without a decision");
            store.audit(now(), proposer.as_str(), "applied_structure_change", None, &detail).await?;
        }
        return Ok(ChangeOutcome::Applied);
    }
    let team = governance::team_of(&change, &organisation, &governance::apply(&current, &change.rows))?;
    let domain = organisation.governance_domain(&team).ok_or_else(|| {
        ValidationError::wrong_state(format!(
            "team {team} has no governance domain (a domain held by team:{team} with the keyword governance); \
             add one, or set the organisation's governance setting to direct"
        ))
    })?;
    let now = now();
    let decision = Decision::draft(Proposal {
        id: DecisionId::parse(&fresh_id("d"))?,
        domain: domain.id.clone(),
        title: title.to_owned(),
        text: proposal,
        proposer: proposer.clone(),
        attributes: Attributes { scope: Some(team), ..Attributes::default() },
        created_at: now,
    });
    rights_of(&organisation, &decision, now)?;
    let mut tx = store.begin().await?;
    create_decision(&mut tx, &decision, proposer.as_str()).await?;
    save_change_files(&mut tx, &decision.id, files).await?;
    tx.commit().await?;
    Ok(ChangeOutcome::Proposed(Box::new(step(store, structure, &decision.id, proposer, Action::Open).await?)))
}

/// Statuses time can change (see `lifecycle::tick`).
const TIMED: &[DecisionStatus] = &[DecisionStatus::Open, DecisionStatus::Decided, DecisionStatus::Adopted];

/// One scheduler round at `at`: applies every transition time makes. Each is recorded at most
/// once even with several servers on one database (a second attempt meets a conflict and is
/// skipped). Returns the number of decisions changed.
pub async fn run_due(store: &Store, structure: &Structure, at: Timestamp) -> Result<usize, StoreError> {
    let organisation = structure.current(store).await?;
    let mut changed = 0;
    for stored in store.decisions_in(TIMED).await? {
        let Ok(rights) = rights_of(&organisation, &stored.decision, at) else { continue };
        let case = Case { decision: &stored.decision, responses: &stored.responses, rights: &rights };
        let Some(transition) = lifecycle::tick(case, at) else { continue };
        match record(store, &stored, &transition, "scheduler").await {
            Ok(()) => {
                changed += 1;
                tracing::info!(decision = %stored.decision.id, event = transition.event.kind.as_str(), "scheduled step");
            }
            Err(ApiError::Store(StoreError::Conflict { .. })) => {
                tracing::debug!(decision = %stored.decision.id, "another scheduler or person got there first");
            }
            Err(ApiError::Store(error)) => return Err(error),
            Err(error) => {
                tracing::warn!(decision = %stored.decision.id, %error, "a scheduled step was refused; it stays as it is");
            }
        }
    }
    Ok(changed)
}

/// Statuses that can wait on someone.
const WAITING: &[DecisionStatus] = &[DecisionStatus::Open, DecisionStatus::Escalated, DecisionStatus::ReviewDue];

/// What waits on `person` now, most urgent (earliest date) first.
pub async fn inbox(store: &Store, structure: &Structure, person: &PersonId) -> Result<Vec<Waiting>, ApiError> {
    let organisation = structure.current(store).await?;
    if organisation.person(person).is_none() {
        return Err(ApiError::not_found(polylead_core::record::Entity::Person, person.to_string()));
    }
    let at = now();
    let mut waiting = Vec::new();
    for stored in store.decisions_in(WAITING).await? {
        let Ok(rights) = rights_of(&organisation, &stored.decision, at) else { continue };
        let case = Case { decision: &stored.decision, responses: &stored.responses, rights: &rights };
        waiting.extend(lifecycle::waiting_on(case, person, at));
    }
    waiting.sort_by(|a, b| (a.by.is_none(), a.by, &a.decision).cmp(&(b.by.is_none(), b.by, &b.decision)));
    Ok(waiting)
}

//! `/api/v1/what-if` and `/api/v1/key-players`: what breaks if people leave, what changes if a
//! domain's right moves to another role, and whose leaving fragments the organisation most
//! (METRICS.md M14, M15). The CLI's `polylead what-if` uses the same loaders and views.

use std::collections::BTreeSet;

use axum::extract::State;
use jiff::Timestamp;
use polylead_core::dataset::Dataset;
use polylead_core::ids::{DomainId, PersonId, RoleId};
use polylead_core::metric::Metric;
use polylead_core::network::Estimate;
use polylead_core::network::fragmentation::Search;
use polylead_core::record::Entity;
use polylead_core::what_if::{self, Change, KeyPlayerSet, KeyPlayersImpact, LeaveImpact, MAX_KEY_PLAYERS, MoveImpact};
use polylead_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::analytics::{UndefinedView, load_recent};
use crate::AppState;
use crate::auth::Identity;
use crate::error::{ApiError, ErrorView};
use crate::extract::{Json, Query};
use crate::flow::now;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post_what_if)).routes(routes!(get_key_players))
}

/// A scenario: either `leave` or `move_domain` with `to`.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatIfRequest {
    /// People who leave now.
    #[schema(example = json!(["ana", "dita"]))]
    pub leave: Option<Vec<String>>,
    /// A domain whose holder changes…
    #[schema(example = "rota")]
    pub move_domain: Option<String>,
    /// …to this role.
    #[schema(example = "lead")]
    pub to: Option<String>,
}

/// A measure before and after; null values carry why in `undefined_before`/`undefined_after`.
/// Named `MetricChangeView` in the OpenAPI document: `decisions::ChangeView` has the plain name.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = MetricChangeView)]
pub struct ChangeView {
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// `after − before`, when both are defined.
    pub delta: Option<f64>,
    pub undefined_before: Option<UndefinedView>,
    pub undefined_after: Option<UndefinedView>,
    /// How the values were obtained when it matters (sampling).
    pub note: Option<String>,
}

fn undefined<T>(metric: &Metric<T>) -> Option<UndefinedView> {
    metric
        .as_ref()
        .err()
        .map(|reason| UndefinedView { code: reason.code().to_owned(), explanation: reason.explanation().to_owned() })
}

fn change<T>(change: &Change<Metric<T>>, value: impl Fn(&T) -> f64, note: Option<String>) -> ChangeView {
    let before = change.before.as_ref().ok().map(&value);
    let after = change.after.as_ref().ok().map(&value);
    ChangeView {
        before,
        after,
        delta: before.zip(after).map(|(before, after)| after - before),
        undefined_before: undefined(&change.before),
        undefined_after: undefined(&change.after),
        note,
    }
}

fn estimate_note(change: &Change<Metric<Estimate>>) -> Option<String> {
    [&change.before, &change.after].into_iter().find_map(|metric| match metric.as_ref().ok()?.method {
        polylead_core::network::Method::Exact => None,
        polylead_core::network::Method::Sampled { pivots, error_bound, .. } => {
            Some(format!("estimated from {pivots} sampled people, within ±{error_bound:.3}"))
        }
    })
}

fn strings<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// A domain nobody can hold or decide in any more.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrphanedDomainView {
    pub domain_id: String,
    pub team_id: Option<String>,
    /// The holder stands for nobody now.
    pub holder_vacant: bool,
    /// Rules whose decider stands for nobody now.
    pub rules: Vec<String>,
}

/// A rule whose escalation party stands for nobody now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VacantEscalationView {
    pub domain_id: String,
    pub rule_id: String,
    #[schema(example = "role:lead")]
    pub party: String,
}

/// An open or escalated decision nobody may now take.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StrandedDecisionView {
    pub decision_id: String,
    pub domain_id: String,
    #[schema(example = "escalated")]
    pub status: String,
    /// Who could take it before.
    pub before: Vec<String>,
    /// The rights findings after, by code (e.g. `nobody_to_decide`, `vacant_party`).
    pub findings: Vec<String>,
}

/// A team touched by the departures.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AffectedTeamView {
    pub team_id: String,
    pub leaving: Vec<String>,
    pub orphaned_roles: Vec<String>,
    pub orphaned_domains: Vec<String>,
}

/// What breaks if the people leave now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LeaveView {
    pub leaving: Vec<String>,
    /// Roles left without a current filler.
    pub orphaned_roles: Vec<String>,
    pub orphaned_domains: Vec<OrphanedDomainView>,
    pub vacant_escalations: Vec<VacantEscalationView>,
    /// Pending decisions left without a decider.
    pub stranded_decisions: Vec<StrandedDecisionView>,
    /// M15 F on the undirected advice ∪ acts network (90 days).
    pub fragmentation: ChangeView,
    /// M15 DF on the same network.
    pub distance_fragmentation: ChangeView,
    /// M14 organisation truck factor (decisions of the last 90 days).
    pub truck_factor: ChangeView,
    pub teams_affected: Vec<AffectedTeamView>,
}

/// Who decides under one rule, before and after.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RuleDecidersView {
    /// Null for a domain without rules (the holder is shown).
    pub rule_id: Option<String>,
    #[schema(example = "holder")]
    pub decider: String,
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// A pending decision whose deciders change.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RedirectedDecisionView {
    pub decision_id: String,
    pub status: String,
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// What changes if the domain's holder becomes the role.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MoveView {
    pub domain_id: String,
    #[schema(example = "role:rota")]
    pub holder_before: String,
    #[schema(example = "role:lead")]
    pub holder_after: String,
    pub team_before: Option<String>,
    pub team_after: Option<String>,
    pub rules: Vec<RuleDecidersView>,
    pub pending: Vec<RedirectedDecisionView>,
    /// The people accountable for the domain.
    pub accountable_before: Vec<String>,
    pub accountable_after: Vec<String>,
    pub truck_factor: ChangeView,
}

/// The answer to a scenario: `leave` or `move_domain` is set, as asked.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WhatIfView {
    /// The instant the scenario was evaluated at.
    pub at: String,
    pub leave: Option<LeaveView>,
    pub move_domain: Option<MoveView>,
}

impl From<&LeaveImpact> for LeaveView {
    fn from(impact: &LeaveImpact) -> LeaveView {
        LeaveView {
            leaving: strings(&impact.leaving),
            orphaned_roles: strings(&impact.orphaned_roles),
            orphaned_domains: impact
                .orphaned_domains
                .iter()
                .map(|d| OrphanedDomainView {
                    domain_id: d.domain.to_string(),
                    team_id: d.team.as_ref().map(ToString::to_string),
                    holder_vacant: d.holder_vacant,
                    rules: strings(&d.rules),
                })
                .collect(),
            vacant_escalations: impact
                .vacant_escalations
                .iter()
                .map(|v| VacantEscalationView {
                    domain_id: v.domain.to_string(),
                    rule_id: v.rule.to_string(),
                    party: v.party.to_string(),
                })
                .collect(),
            stranded_decisions: impact
                .stranded_decisions
                .iter()
                .map(|s| StrandedDecisionView {
                    decision_id: s.decision.to_string(),
                    domain_id: s.domain.to_string(),
                    status: s.status.as_str().to_owned(),
                    before: strings(&s.before),
                    findings: s.findings.clone(),
                })
                .collect(),
            fragmentation: change(&impact.fragmentation, |v| *v, None),
            distance_fragmentation: change(
                &impact.distance_fragmentation,
                |e| e.value,
                estimate_note(&impact.distance_fragmentation),
            ),
            truck_factor: change(&impact.truck_factor, |v| *v as f64, None),
            teams_affected: impact
                .teams_affected
                .iter()
                .map(|t| AffectedTeamView {
                    team_id: t.team.to_string(),
                    leaving: strings(&t.leaving),
                    orphaned_roles: strings(&t.orphaned_roles),
                    orphaned_domains: strings(&t.orphaned_domains),
                })
                .collect(),
        }
    }
}

impl From<&MoveImpact> for MoveView {
    fn from(impact: &MoveImpact) -> MoveView {
        MoveView {
            domain_id: impact.domain.to_string(),
            holder_before: impact.holder.before.to_string(),
            holder_after: impact.holder.after.to_string(),
            team_before: impact.team.before.as_ref().map(ToString::to_string),
            team_after: impact.team.after.as_ref().map(ToString::to_string),
            rules: impact
                .rules
                .iter()
                .map(|r| RuleDecidersView {
                    rule_id: r.rule.as_ref().map(ToString::to_string),
                    decider: r.decider.to_string(),
                    before: strings(&r.people.before),
                    after: strings(&r.people.after),
                })
                .collect(),
            pending: impact
                .pending
                .iter()
                .map(|p| RedirectedDecisionView {
                    decision_id: p.decision.to_string(),
                    status: p.status.as_str().to_owned(),
                    before: strings(&p.deciders.before),
                    after: strings(&p.deciders.after),
                })
                .collect(),
            accountable_before: strings(&impact.accountable.before),
            accountable_after: strings(&impact.accountable.after),
            truck_factor: change(&impact.truck_factor, |v| *v as f64, None),
        }
    }
}

/// Parameters of the key-player search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyPlayersQuery {
    /// The largest set searched, 1 to 3. Default 3.
    #[param(minimum = 1, maximum = 3, default = 3)]
    pub k: Option<usize>,
}

/// The best set of one size.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KeyPlayerSetView {
    pub people: Vec<String>,
    pub fragmentation: ChangeView,
    pub distance_fragmentation: ChangeView,
    /// `exhaustive` (optimal) or `greedy_swap` (Borgatti's heuristic: may not be optimal).
    #[schema(example = "exhaustive")]
    pub search: String,
    pub note: Option<String>,
}

/// The sets found for one objective, or why there are none.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KeyPlayerSearchView {
    /// One set per size 1..=k, ascending.
    pub sets: Vec<KeyPlayerSetView>,
    pub undefined: Option<UndefinedView>,
}

/// Key players (M15 KPP-Neg): whose leaving fragments the advice ∪ acts network most.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KeyPlayersView {
    pub at: String,
    pub k: usize,
    /// People in the network (members in the last 90 days).
    pub network_people: usize,
    /// Sets maximising F (pairs that can no longer reach each other).
    pub by_fragmentation: KeyPlayerSearchView,
    /// Sets maximising DF (also pairs now further apart).
    pub by_distance_fragmentation: KeyPlayerSearchView,
}

fn search_view(found: &Metric<Vec<KeyPlayerSet>>) -> KeyPlayerSearchView {
    KeyPlayerSearchView {
        sets: found
            .as_ref()
            .map(|sets| {
                sets.iter()
                    .map(|set| KeyPlayerSetView {
                        people: strings(&set.people),
                        fragmentation: change(&set.fragmentation, |v| *v, None),
                        distance_fragmentation: change(
                            &set.distance_fragmentation,
                            |e| e.value,
                            estimate_note(&set.distance_fragmentation),
                        ),
                        search: match set.search {
                            Search::Exhaustive => "exhaustive",
                            Search::GreedySwap { .. } => "greedy_swap",
                        }
                        .to_owned(),
                        note: set.note.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        undefined: undefined(found),
    }
}

impl From<&KeyPlayersImpact> for KeyPlayersView {
    fn from(impact: &KeyPlayersImpact) -> KeyPlayersView {
        KeyPlayersView {
            at: impact.at.to_string(),
            k: impact.k,
            network_people: impact.network_people,
            by_fragmentation: search_view(&impact.by_fragmentation),
            by_distance_fragmentation: search_view(&impact.by_distance_fragmentation),
        }
    }
}

/// The scenario asked, with its ids parsed.
enum Scenario {
    Leave(Vec<PersonId>),
    Move { domain: DomainId, to: RoleId },
}

fn scenario(request: WhatIfRequest) -> Result<Scenario, ApiError> {
    match request {
        WhatIfRequest { leave: Some(people), move_domain: None, to: None } => {
            if people.is_empty() {
                return Err(ApiError::Invalid("leave must name at least one person".into()));
            }
            Ok(Scenario::Leave(people.iter().map(|raw| PersonId::parse(raw)).collect::<Result<_, _>>()?))
        }
        WhatIfRequest { leave: None, move_domain: Some(domain), to: Some(to) } => {
            Ok(Scenario::Move { domain: DomainId::parse(&domain)?, to: RoleId::parse(&to)? })
        }
        _ => Err(ApiError::Invalid(
            "give either leave (a list of people) or move_domain with to (a role), not both".into(),
        )),
    }
}

/// The start of the window what-if analyses look at (the report's default window before `at`).
pub fn window_start(at: Timestamp) -> Timestamp {
    at - jiff::SignedDuration::from_hours(24 * i64::from(polylead_core::report::ReportSettings::DEFAULT_WINDOW_DAYS))
}

/// Loads the organisation and evaluates the scenario at `at` (off the async threads).
/// Unknown people, domains and roles are 404; a malformed request is 422.
pub async fn load_what_if(store: &Store, request: WhatIfRequest, at: Timestamp) -> Result<WhatIfView, ApiError> {
    let scenario = scenario(request)?;
    let data = load_recent(store, window_start(at)).await?;
    check_known(&data, &scenario)?;
    let at_text = at.to_string();
    tokio::task::spawn_blocking(move || match scenario {
        Scenario::Leave(people) => what_if::leave(&data, &people, at).map(|impact| WhatIfView {
            at: at_text,
            leave: Some(LeaveView::from(&impact)),
            move_domain: None,
        }),
        Scenario::Move { domain, to } => what_if::move_domain(&data, &domain, &to, at).map(|impact| WhatIfView {
            at: at_text,
            leave: None,
            move_domain: Some(MoveView::from(&impact)),
        }),
    })
    .await
    .map_err(|error| ApiError::Internal(format!("the what-if computation failed: {error}")))?
    .map_err(ApiError::from)
}

fn check_known(data: &Dataset, scenario: &Scenario) -> Result<(), ApiError> {
    match scenario {
        Scenario::Leave(people) => {
            let known: BTreeSet<&PersonId> = data.people.iter().map(|p| &p.id).collect();
            match people.iter().find(|id| !known.contains(id)) {
                Some(unknown) => Err(ApiError::not_found(Entity::Person, unknown.as_str())),
                None => Ok(()),
            }
        }
        Scenario::Move { domain, to } => {
            if !data.domains.iter().any(|d| &d.id == domain) {
                return Err(ApiError::not_found(Entity::Domain, domain.as_str()));
            }
            if !data.roles.iter().any(|r| &r.id == to) {
                return Err(ApiError::not_found(Entity::Role, to.as_str()));
            }
            Ok(())
        }
    }
}

/// Loads the organisation and searches the key players for sets of 1..=k (off the async threads).
pub async fn load_key_players(store: &Store, k: usize, at: Timestamp) -> Result<KeyPlayersView, ApiError> {
    if !(1..=MAX_KEY_PLAYERS).contains(&k) {
        return Err(ApiError::Invalid(format!("k must be between 1 and {MAX_KEY_PLAYERS}, got {k}")));
    }
    let data = load_recent(store, window_start(at)).await?;
    tokio::task::spawn_blocking(move || key_players_of(&data, k, at))
        .await
        .map_err(|error| ApiError::Internal(format!("the key-player search failed: {error}")))?
}

/// The key players of `data` for sets of 1..=k at `at` (CPU-bound: call it off the async
/// threads); `data` needs the acts from [`window_start`] on.
pub fn key_players_of(data: &Dataset, k: usize, at: Timestamp) -> Result<KeyPlayersView, ApiError> {
    what_if::key_players(data, k, at).map(|impact| KeyPlayersView::from(&impact)).map_err(ApiError::from)
}

/// What if people leave now, or a domain's right moves to another role?
#[utoipa::path(
    post,
    path = "/what-if",
    tag = "analytics",
    request_body = WhatIfRequest,
    responses(
        (status = OK, body = WhatIfView),
        (status = NOT_FOUND, description = "No such person, domain or role", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "Neither or both scenarios, an empty list, or a malformed id", body = ErrorView),
    )
)]
async fn post_what_if(
    State(store): State<Store>,
    Json(request): Json<WhatIfRequest>,
) -> Result<axum::Json<WhatIfView>, ApiError> {
    Ok(axum::Json(load_what_if(&store, request, now()).await?))
}

/// The people whose leaving fragments the organisation most (M15): exact up to 40 people,
/// Borgatti's greedy swap beyond, labelled.
#[utoipa::path(
    get,
    path = "/key-players",
    tag = "analytics",
    params(KeyPlayersQuery),
    responses(
        (status = OK, body = KeyPlayersView),
        (status = FORBIDDEN, description = "Not an admin: key players are person-level measures", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "k out of range", body = ErrorView),
    )
)]
async fn get_key_players(
    identity: Identity,
    State(store): State<Store>,
    Query(query): Query<KeyPlayersQuery>,
) -> Result<axum::Json<KeyPlayersView>, ApiError> {
    crate::privacy::require_everyone(&store, &identity, "the key players").await?;
    Ok(axum::Json(load_key_players(&store, query.k.unwrap_or(MAX_KEY_PLAYERS), now()).await?))
}

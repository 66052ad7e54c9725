//! `/api/v1/domains`: decision domains (decision rights) with their ordered rules.

use axum::Json;
use axum::extract::State;
use polylead_core::domain::{Domain, Party, Rule};
use polylead_core::ids::DomainId;
use polylead_store::Store;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::api::{PageQuery, PageView, fetch};
use crate::error::{ApiError, ErrorView};
use crate::extract::{Path, Query};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_domains)).routes(routes!(get_domain))
}

/// A decision domain with its rules, first rule first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DomainView {
    #[schema(example = "d2")]
    pub id: String,
    #[schema(example = "Spending from the team budget")]
    pub name: String,
    /// What decisions belong here.
    pub description: Option<String>,
    /// Words people use for decisions in this domain, lower case.
    pub keywords: Vec<String>,
    /// Who holds the right: `role:ID` or `team:ID`.
    #[schema(example = "role:r3")]
    pub holder: String,
    /// The rules in order: the first whose condition matches a decision applies.
    pub rules: Vec<RuleView>,
}

/// One rule of a domain. Parties are written `holder`, `person:ID`, `role:ID` or `team:ID`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleView {
    pub id: String,
    /// Order within the domain, lowest first.
    pub position: u32,
    /// When the rule applies; `always` for every decision.
    #[schema(example = "amount <= 5000")]
    pub condition: String,
    /// Who decides.
    #[schema(example = "holder")]
    pub decider: String,
    /// How the decision is taken: `autonomous`, `advice` or `consent`.
    #[schema(example = "advice")]
    pub process: String,
    /// Parties that must be consulted.
    pub consulted: Vec<String>,
    /// Parties informed of the decision.
    pub informed: Vec<String>,
    /// Hours the process may take before it escalates.
    pub time_limit_hours: Option<u32>,
    /// The party the decision escalates to.
    pub escalate_to: Option<String>,
}

impl DomainView {
    fn new(domain: Domain, rules: Vec<Rule>) -> DomainView {
        DomainView {
            id: domain.id.to_string(),
            name: domain.name.to_string(),
            description: domain.description,
            keywords: domain.keywords.iter().map(ToString::to_string).collect(),
            holder: domain.holder.to_string(),
            rules: rules.into_iter().map(RuleView::from).collect(),
        }
    }
}

impl From<Rule> for RuleView {
    fn from(rule: Rule) -> RuleView {
        let parties = |parties: &[Party]| parties.iter().map(ToString::to_string).collect();
        RuleView {
            id: rule.id.to_string(),
            position: rule.position,
            condition: rule.condition.to_string(),
            decider: rule.decider.to_string(),
            process: rule.process.as_str().to_owned(),
            consulted: parties(&rule.consulted),
            informed: parties(&rule.informed),
            time_limit_hours: rule.time_limit_hours,
            escalate_to: rule.escalate_to.as_ref().map(ToString::to_string),
        }
    }
}

/// Domains in id order with their rules, one page at a time.
#[utoipa::path(
    get,
    path = "/domains",
    tag = "domains",
    params(PageQuery),
    responses(
        (status = OK, body = PageView<DomainView>),
        (status = UNPROCESSABLE_ENTITY, description = "Bad offset or limit", body = ErrorView),
    )
)]
async fn list_domains(
    State(store): State<Store>,
    Query(query): Query<PageQuery>,
) -> Result<Json<PageView<DomainView>>, ApiError> {
    let window = query.window()?;
    let page = store.page::<Domain>(window.offset, window.limit).await?;
    // One rules query per domain on the page (at most MAX_LIMIT): simple, and fast enough.
    let mut items = Vec::with_capacity(page.items.len());
    for domain in page.items {
        let rules = store.rules_of(&domain.id).await?;
        items.push(DomainView::new(domain, rules));
    }
    Ok(Json(PageView { items, total: page.total, offset: window.offset, limit: window.limit }))
}

/// One domain with its rules.
#[utoipa::path(
    get,
    path = "/domains/{id}",
    tag = "domains",
    params(("id" = String, Path, description = "Domain id", example = "d2")),
    responses(
        (status = OK, body = DomainView),
        (status = NOT_FOUND, description = "No such domain", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "Not a valid id", body = ErrorView),
    )
)]
async fn get_domain(State(store): State<Store>, Path(id): Path<String>) -> Result<Json<DomainView>, ApiError> {
    let id = DomainId::parse(&id)?;
    let domain = fetch::<Domain>(&store, id.as_str()).await?;
    let rules = store.rules_of(&id).await?;
    Ok(Json(DomainView::new(domain, rules)))
}

//! `/api/v1/analytics`: the analysis report (METRICS.md) — headline figures with what they
//! mean, bottleneck people, single points of failure, teams missing contribution types, and
//! whether informal leadership follows the org chart. The CLI's `polylead analyze` uses the
//! same [`load_report`] and [`ReportView`].

use axum::Json;
use axum::extract::State;
use jiff::{SignedDuration, Timestamp};
use polylead_core::act::Act;
use polylead_core::advice::AdviceTie;
use polylead_core::dataset::Dataset;
use polylead_core::decision::{Decision, Response};
use polylead_core::ids::TeamId;
use polylead_core::metric::Metric;
use polylead_core::record::Entity;
use polylead_core::report::{Figure, MonthTrend, PersonRef, Report, ReportSettings, Trends, trends};
use polylead_core::team::Team;
use polylead_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Identity;
use crate::error::{ApiError, ErrorView};
use crate::extract::Query;
use crate::flow::now;

/// The longest window a report accepts, in days (ten years).
pub const MAX_WINDOW_DAYS: u32 = 3650;
/// The most months a trends series returns (fifty years).
pub const MAX_TREND_MONTHS: u32 = 600;
/// The months a trends series returns by default.
pub const DEFAULT_TREND_MONTHS: u32 = 12;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_analytics)).routes(routes!(get_trends))
}

/// Parameters of the report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsQuery {
    /// Length of the window ending now, in days, 1 to 3650. Default 90.
    #[param(minimum = 1, maximum = 3650, default = 90)]
    pub window_days: Option<u32>,
    /// Restrict the activity figures to this team and the teams nested in it.
    #[param(example = "t1")]
    pub team: Option<String>,
}

/// Why a figure has no value.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UndefinedView {
    /// `EMPTY`, `NO_ACTS`, `N_TOO_SMALL`, `NO_TIES`, `UNDEFINED_RIGHTS`, or `TOO_FEW_PEOPLE` (hidden for privacy).
    #[schema(example = "NO_ACTS")]
    pub code: String,
    pub explanation: String,
}

/// One headline figure: a value, or why there is none; never 0 for "unknown".
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FigureView {
    /// Stable key, e.g. `effective_leaders`, `gini`, `reciprocity`.
    #[schema(example = "effective_leaders")]
    pub key: String,
    #[schema(example = "Effective number of leaders (M3)")]
    pub label: String,
    /// Null when undefined.
    pub value: Option<f64>,
    /// Set exactly when `value` is null.
    pub undefined: Option<UndefinedView>,
    /// One line on what the value means here.
    #[schema(example = "leadership is spread as if 12.3 of the 40 people shared it equally (31% of them)")]
    pub meaning: String,
    /// How the value was obtained, when it matters (sampling, heuristics, thresholds).
    pub note: Option<String>,
}

/// A person named in the report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonRefView {
    pub id: String,
    pub name: String,
}

/// A decider flagged as a bottleneck (M13).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BottleneckView {
    pub person: PersonRefView,
    /// ρ = arrival rate / service rate.
    pub utilisation: f64,
    /// ρ ≥ 1: the queue grows without bound.
    pub unstable: bool,
    /// Kingman's expected wait in days; null when unstable.
    pub expected_wait_days: Option<f64>,
    /// `high_utilisation`, `growing_queue`, `disproportionate_waiting`.
    pub flags: Vec<String>,
}

/// A domain that depends on one person (M14 truck factor 1).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SinglePointView {
    pub domain_id: String,
    pub domain_name: String,
    pub person: Option<PersonRefView>,
}

/// A team whose acts miss some contribution types (M17).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamGapView {
    pub team_id: String,
    pub team_name: String,
    pub members: usize,
    /// Share of the five types covered.
    pub coverage: f64,
    /// The types with no act in the window.
    pub missing: Vec<String>,
}

/// Someone sought out for advice at least one SD above the mean (M10d).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SoughtView {
    pub person: PersonRefView,
    pub in_degree: usize,
    /// Holds a formal role, a decision right, or has people reporting to them.
    pub formal: bool,
}

/// Whether informal leadership follows the org chart (M10).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InformalLeadershipView {
    /// Mean + 1 SD of advice in-degree; null when undefined.
    pub cutoff: Option<f64>,
    pub sought: Vec<SoughtView>,
    pub verdict: String,
}

/// The report's window.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WindowView {
    pub from: String,
    /// Exclusive.
    pub to: String,
    pub days: f64,
}

/// The analysis report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportView {
    pub window: WindowView,
    /// The team the activity figures are restricted to.
    pub team: Option<String>,
    /// People counted in the activity figures (members in the window, zero acts included).
    pub population: usize,
    /// People in the advice network (members in the window).
    pub network_people: usize,
    pub headline: Vec<FigureView>,
    pub bottlenecks: Vec<BottleneckView>,
    pub single_points: Vec<SinglePointView>,
    pub teams_missing_types: Vec<TeamGapView>,
    pub informal_leadership: InformalLeadershipView,
    /// What was left out for this viewer to protect people's privacy (names, small groups).
    pub hidden: Option<String>,
}

fn person(person: &PersonRef) -> PersonRefView {
    PersonRefView { id: person.id.to_string(), name: person.name.clone() }
}

fn undefined<T>(metric: &Metric<T>) -> Option<UndefinedView> {
    metric
        .as_ref()
        .err()
        .map(|reason| UndefinedView { code: reason.code().to_owned(), explanation: reason.explanation().to_owned() })
}

impl From<&Figure> for FigureView {
    fn from(figure: &Figure) -> FigureView {
        FigureView {
            key: figure.key.to_owned(),
            label: figure.label.to_owned(),
            value: figure.value.ok(),
            undefined: undefined(&figure.value),
            meaning: figure.meaning.clone(),
            note: figure.note.clone(),
        }
    }
}

impl From<&Report> for ReportView {
    fn from(report: &Report) -> ReportView {
        use polylead_core::analytics::bottleneck::Flag;
        let flag = |flag: &Flag| {
            match flag {
                Flag::HighUtilisation => "high_utilisation",
                Flag::GrowingQueue => "growing_queue",
                Flag::DisproportionateWaiting => "disproportionate_waiting",
            }
            .to_owned()
        };
        let leadership = &report.informal_leadership;
        ReportView {
            window: WindowView {
                from: report.window.from().to_string(),
                to: report.window.to().to_string(),
                days: report.window.days(),
            },
            team: report.team.as_ref().map(ToString::to_string),
            population: report.population,
            network_people: report.network_people,
            headline: report.figures.iter().map(FigureView::from).collect(),
            bottlenecks: report
                .bottlenecks
                .iter()
                .map(|b| BottleneckView {
                    person: person(&b.person),
                    utilisation: b.utilisation,
                    unstable: b.unstable,
                    expected_wait_days: b.expected_wait_days,
                    flags: b.flags.iter().map(flag).collect(),
                })
                .collect(),
            single_points: report
                .single_points
                .iter()
                .map(|s| SinglePointView {
                    domain_id: s.domain.to_string(),
                    domain_name: s.domain_name.clone(),
                    person: s.person.as_ref().map(person),
                })
                .collect(),
            teams_missing_types: report
                .teams_missing_types
                .iter()
                .map(|t| TeamGapView {
                    team_id: t.team.to_string(),
                    team_name: t.team_name.clone(),
                    members: t.members,
                    coverage: t.coverage,
                    missing: t.missing.iter().map(|kind| kind.as_str().to_owned()).collect(),
                })
                .collect(),
            informal_leadership: InformalLeadershipView {
                cutoff: leadership.cutoff.ok(),
                sought: leadership
                    .sought
                    .iter()
                    .map(|s| SoughtView { person: person(&s.person), in_degree: s.in_degree, formal: s.formal })
                    .collect(),
                verdict: leadership.verdict.clone(),
            },
            hidden: None,
        }
    }
}

/// The whole organisation with its acts, advice ties, decisions and responses, as the analytics
/// read it.
pub async fn load_dataset(store: &Store) -> Result<Dataset, ApiError> {
    load(store, None).await
}

/// How many threads the sampled searches may use: the machine's cores.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The organisation as [`load_dataset`] reads it, but with only the acts that started at
/// `since` or later: enough for any analysis of a window starting then, and far less to read.
pub async fn load_recent(store: &Store, since: Timestamp) -> Result<Dataset, ApiError> {
    load(store, Some(since)).await
}

/// Reads the structure and the facts, the two large tables (acts, advice ties) on tasks of
/// their own so that decoding them runs on all cores at once.
async fn load(store: &Store, acts_since: Option<Timestamp>) -> Result<Dataset, ApiError> {
    let reader = store.clone();
    let acts = tokio::spawn(async move {
        match acts_since {
            Some(since) => reader.acts_since(since).await,
            None => reader.all::<Act>().await,
        }
    });
    let reader = store.clone();
    let ties = tokio::spawn(async move { reader.all::<AdviceTie>().await });
    let stopped =
        |error: tokio::task::JoinError| ApiError::Internal(format!("reading the organisation stopped: {error}"));
    let mut data = store.structure().await?;
    data.decisions = store.all::<Decision>().await?;
    data.responses = store.all::<Response>().await?;
    data.acts = acts.await.map_err(stopped)??;
    data.ties = ties.await.map_err(stopped)??;
    Ok(data)
}

/// Checks the parameters, loads the organisation and builds the report (off the async
/// threads) for the window of `window_days` days ending at `at`.
pub async fn load_report(
    store: &Store,
    window_days: u32,
    team: Option<&str>,
    at: Timestamp,
) -> Result<Report, ApiError> {
    let settings = report_settings(store, window_days, team, at).await?;
    let data = load_recent(store, window_start(&settings)).await?;
    tokio::task::spawn_blocking(move || Report::build(&data, &settings))
        .await
        .map_err(|error| ApiError::Internal(format!("the report computation failed: {error}")))
}

/// The first instant of the report's window.
pub fn window_start(settings: &ReportSettings) -> Timestamp {
    settings.window_end - SignedDuration::from_hours(24 * i64::from(settings.window_days))
}

/// Checks the report's parameters (the window's length, that the team exists) and gives the
/// settings of the window of `window_days` days ending at `at`.
pub async fn report_settings(
    store: &Store,
    window_days: u32,
    team: Option<&str>,
    at: Timestamp,
) -> Result<ReportSettings, ApiError> {
    if !(1..=MAX_WINDOW_DAYS).contains(&window_days) {
        return Err(ApiError::Invalid(format!(
            "window_days must be between 1 and {MAX_WINDOW_DAYS}, got {window_days}"
        )));
    }
    let team = match team {
        Some(raw) => {
            let id = TeamId::parse(raw)?;
            if store.get::<Team>(id.as_str()).await?.is_none() {
                return Err(ApiError::not_found(Entity::Team, id.as_str()));
            }
            Some(id)
        }
        None => None,
    };
    Ok(ReportSettings { window_days, team, ..ReportSettings::ending(at) }.on_threads(threads()))
}

/// The analysis report for the window ending now.
#[utoipa::path(
    get,
    path = "/analytics",
    tag = "analytics",
    params(AnalyticsQuery),
    responses(
        (status = OK, body = ReportView),
        (status = NOT_FOUND, description = "No such team", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "window_days out of range, or not a valid team id", body = ErrorView),
    )
)]
async fn get_analytics(
    identity: Identity,
    State(store): State<Store>,
    Query(query): Query<AnalyticsQuery>,
) -> Result<Json<ReportView>, ApiError> {
    let window_days = query.window_days.unwrap_or(ReportSettings::DEFAULT_WINDOW_DAYS);
    let report = load_report(&store, window_days, query.team.as_deref(), now()).await?;
    Ok(Json(crate::privacy::report_for(&store, &identity, ReportView::from(&report)).await?))
}

/// Parameters of the trends series.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendsQuery {
    /// The most recent months to return, 1 to 600 (the current month included). Default 12.
    #[param(minimum = 1, maximum = 600, default = 12)]
    pub months: Option<u32>,
}

/// One figure of one month: a value, or why there is none.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrendValueView {
    /// The report's key: `effective_leaders`, `gini`, `engagement` or `latency_median_days`.
    #[schema(example = "effective_leaders")]
    pub key: String,
    /// Null when undefined.
    pub value: Option<f64>,
    /// Set exactly when `value` is null.
    pub undefined: Option<UndefinedView>,
}

/// The headline activity figures of one calendar month (UTC).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MonthView {
    /// `YYYY-MM`.
    #[schema(example = "2025-03")]
    pub month: String,
    pub from: String,
    /// Exclusive; now for the current month.
    pub to: String,
    /// Members at any time in the month.
    pub population: usize,
    /// Acts started in the month.
    pub acts: u64,
    /// Decisions decided in the month.
    pub decided: usize,
    pub figures: Vec<TrendValueView>,
}

/// A headline figure not in the series, and why.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OmittedView {
    pub key: String,
    pub reason: String,
}

/// Each headline activity figure per calendar month, oldest first, from the first act or
/// decision (at most `months` of them).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrendsView {
    pub months: Vec<MonthView>,
    pub omitted: Vec<OmittedView>,
}

impl From<&MonthTrend> for MonthView {
    fn from(month: &MonthTrend) -> MonthView {
        let value = |key: &str, metric: &Metric<f64>| TrendValueView {
            key: key.to_owned(),
            value: metric.as_ref().ok().copied(),
            undefined: undefined(metric),
        };
        MonthView {
            month: month.month.strftime("%Y-%m").to_string(),
            from: month.window.from().to_string(),
            to: month.window.to().to_string(),
            population: month.population,
            acts: month.acts,
            decided: month.decided,
            figures: vec![
                value("effective_leaders", &month.effective_leaders),
                value("gini", &month.gini),
                value("engagement", &month.engagement),
                value("latency_median_days", &month.latency_median_days),
            ],
        }
    }
}

impl From<&Trends> for TrendsView {
    fn from(trends: &Trends) -> TrendsView {
        TrendsView {
            months: trends.months.iter().map(MonthView::from).collect(),
            omitted: trends
                .omitted
                .iter()
                .map(|o| OmittedView { key: o.key.to_owned(), reason: o.reason.to_owned() })
                .collect(),
        }
    }
}

/// Checks `months`, loads the organisation and computes the series (off the async threads)
/// up to `at`.
pub async fn load_trends(store: &Store, months: u32, at: Timestamp) -> Result<Trends, ApiError> {
    if !(1..=MAX_TREND_MONTHS).contains(&months) {
        return Err(ApiError::Invalid(format!("months must be between 1 and {MAX_TREND_MONTHS}, got {months}")));
    }
    let data = load_dataset(store).await?;
    tokio::task::spawn_blocking(move || trends(&data, at, Some(months)))
        .await
        .map_err(|error| ApiError::Internal(format!("the trends computation failed: {error}")))
}

/// The headline activity figures per calendar month up to now, for the dashboard: N_eff (M3),
/// Gini* (M1), engagement (M20) and median decision latency (M11). Advice centralization is
/// omitted (ties carry no dates), and `omitted` says so.
#[utoipa::path(
    get,
    path = "/analytics/trends",
    tag = "analytics",
    params(TrendsQuery),
    responses(
        (status = OK, body = TrendsView),
        (status = UNPROCESSABLE_ENTITY, description = "months out of range", body = ErrorView),
    )
)]
async fn get_trends(
    State(store): State<Store>,
    Query(query): Query<TrendsQuery>,
) -> Result<Json<TrendsView>, ApiError> {
    let trends = load_trends(&store, query.months.unwrap_or(DEFAULT_TREND_MONTHS), now()).await?;
    Ok(Json(TrendsView::from(&trends)))
}

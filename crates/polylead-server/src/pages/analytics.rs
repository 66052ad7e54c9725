//! `GET /analytics`: the analysis report as a page — headline figures with their meaning, the
//! Lorenz curve of acts, N_eff and Gini* per month, the advice network map, bottlenecks,
//! single points of failure, teams missing contribution types, informal against formal
//! leadership and the key players — and `GET /analytics/what-if` ([`what_if`]).
//!
//! Every figure comes from the report, trends and key-player code the JSON API serves
//! (`api::analytics`, `api::what_if`); this module only loads the data once and formats.
//! People are named in person-level network findings (bottlenecks, key players, the map) only
//! for admins; other viewers see counts and [`PRIVACY_NOTE`].

mod format;
mod network_map;
mod what_if;

use std::collections::VecDeque;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use polylead_chart::{Caption, ForceSettings, LineChart, LineSeries, render_line_chart, render_lorenz, render_network};
use polylead_core::analytics::Window;
use polylead_core::dataset::Dataset;
use polylead_core::person::Person;
use polylead_core::report::{Report, ReportSettings, acts_per_eligible_person, trends};
use polylead_core::what_if::MAX_KEY_PLAYERS;
use polylead_store::Store;
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::api::analytics::{ReportView, TrendsView, load_recent, report_settings, window_start};
use crate::api::what_if::{KeyPlayersView, key_players_of};
use crate::error::ApiError;
use crate::extract::Query;
use crate::flow::now;
use crate::pages::{Chrome, PageError, Section, Viewer};
use crate::{AppState, privacy};
use format::{
    BottleneckRow, Choice, FigureCard, InformalView, KeyPlayerTable, Listed, PersonNames, SinglePointRow, TeamGapRow,
};
use network_map::{AdviceMap, Names, advice_map};

pub fn routes() -> Router<AppState> {
    Router::new().route("/analytics", get(show_analytics)).route("/analytics/what-if", get(what_if::show_what_if))
}

/// The windows the page offers, in days.
pub const WINDOWS: [u32; 4] = [30, 90, 180, 365];
/// Told to viewers who may not see the people named in person-level findings.
pub const PRIVACY_NOTE: &str = "names are shown to admins and to each person on their own page";
/// The most people offered in the what-if form's list of suggestions.
const MAX_SUGGESTED_PEOPLE: usize = 2000;

#[derive(Debug, Default, Deserialize)]
struct AnalyticsParams {
    window: Option<String>,
    team: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics.html")]
struct AnalyticsPage {
    chrome: Chrome,
    windows: Vec<Choice>,
    teams: Vec<Choice>,
    scope: String,
    /// When the figures were computed (they are reused for a few minutes).
    computed: String,
    figures: Vec<FigureCard>,
    lorenz: String,
    leaders_chart: String,
    spread_chart: String,
    trends_omitted: Vec<String>,
    map: String,
    map_caption: String,
    names_visible: bool,
    privacy_note: &'static str,
    bottlenecks: Listed<BottleneckRow>,
    bottlenecks_measured: String,
    /// Whether the bottleneck figure has a value (deciders could be measured).
    bottlenecks_defined: bool,
    single_points: Listed<SinglePointRow>,
    team_gaps: Listed<TeamGapRow>,
    informal: InformalView,
    key_players: Vec<KeyPlayerTable>,
    key_players_scope: String,
    /// The what-if form (shared with the what-if page).
    leave: String,
    leave_error: Option<String>,
    people: Vec<Choice>,
}

/// Everything the page shows that does not depend on who views it (beyond whether names are
/// shown), computed from one read of the organisation, charts drawn: what [`AnalyticsCache`]
/// keeps.
struct Analysis {
    report: ReportView,
    lorenz: String,
    leaders_chart: String,
    spread_chart: String,
    trends_omitted: Vec<String>,
    map: String,
    map_caption: String,
    key_players: KeyPlayersView,
    names: PersonNames,
    teams: Vec<Choice>,
    people: Vec<Choice>,
    /// When it was computed.
    at: Timestamp,
}

/// The analyses computed lately, so that visits do not recompute the report, the key players
/// and the map: one is reused while nothing was written to the organisation since and it is
/// younger than [`CACHE_MINUTES`] (the window ends when it was computed).
#[derive(Clone, Default)]
pub struct AnalyticsCache(Arc<Mutex<VecDeque<Cached>>>);

struct Cached {
    key: CacheKey,
    last_change: i64,
    analysis: Arc<Analysis>,
}

#[derive(Clone, PartialEq, Eq)]
struct CacheKey {
    window_days: u32,
    team: Option<String>,
    names: Names,
}

/// How long an analysis is reused at most, and how many are kept.
const CACHE_MINUTES: i64 = 10;
const CACHED_ANALYSES: usize = 8;

impl AnalyticsCache {
    /// The analysis for `key`, from the cache or computed (and kept).
    async fn get(&self, store: &Store, key: CacheKey) -> Result<Arc<Analysis>, ApiError> {
        let last_change = store.last_change().await?;
        let fresh_since = now() - jiff::SignedDuration::from_mins(CACHE_MINUTES);
        {
            let cached = self.0.lock().await;
            let hit =
                cached.iter().find(|c| c.key == key && c.last_change == last_change && c.analysis.at > fresh_since);
            if let Some(hit) = hit {
                return Ok(Arc::clone(&hit.analysis));
            }
        }
        let settings = report_settings(store, key.window_days, key.team.as_deref(), now()).await?;
        let analysis = Arc::new(analyse(store, settings, key.names).await?);
        let mut cached = self.0.lock().await;
        cached.retain(|c| c.key != key);
        if cached.len() >= CACHED_ANALYSES {
            cached.pop_front();
        }
        cached.push_back(Cached { key, last_change, analysis: Arc::clone(&analysis) });
        Ok(analysis)
    }
}

async fn show_analytics(
    viewer: Viewer,
    State(state): State<AppState>,
    query: Result<Query<AnalyticsParams>, ApiError>,
) -> Result<AnalyticsPage, PageError> {
    let Query(params) = query?;
    let window_days = parse_window(params.window.as_deref())?;
    let team = params.team.as_deref().map(str::trim).filter(|team| !team.is_empty());
    let names = if viewer.is_admin { Names::Shown } else { Names::Hidden };
    let key = CacheKey { window_days, team: team.map(str::to_owned), names };
    let analysis = state.analytics.get(&state.store, key).await?;
    if viewer.is_admin {
        let what = "the analytics page with bottleneck, informal-leader and key-player names";
        privacy::audit(&state.store, &viewer.identity, what, None).await?;
    }
    AnalyticsPage::new(viewer, window_days, team, &analysis)
}

/// The window in days: one of [`WINDOWS`], 90 when not given.
fn parse_window(raw: Option<&str>) -> Result<u32, ApiError> {
    let raw = raw.map(str::trim).filter(|raw| !raw.is_empty());
    let Some(raw) = raw else { return Ok(ReportSettings::DEFAULT_WINDOW_DAYS) };
    raw.parse::<u32>()
        .ok()
        .filter(|days| WINDOWS.contains(days))
        .ok_or_else(|| ApiError::Invalid(format!("window must be 30, 90, 180 or 365 days, got {raw:?}")))
}

/// Reads the organisation once (the acts as far back as the report's window or the key-player
/// search's 90 days reach) and computes the report, the acts per person, the trends of the
/// calendar months wholly inside what was read, the key players and the map on blocking
/// threads, side by side. No read beyond what the report and the key players need: on a big
/// organisation reading the acts is the slowest part.
async fn analyse(store: &Store, settings: ReportSettings, names: Names) -> Result<Analysis, ApiError> {
    let at = settings.window_end;
    let since = window_start(&settings).min(crate::api::what_if::window_start(at));
    let months = months_starting_since(since, at);
    let data = Arc::new(load_recent(store, since).await?);
    let failed =
        |what: &'static str| move |error: tokio::task::JoinError| ApiError::Internal(format!("{what}: {error}"));
    let report_task = {
        let (data, settings) = (Arc::clone(&data), settings.clone());
        tokio::task::spawn_blocking(move || {
            let report = ReportView::from(&Report::build(&data, &settings));
            let acts = acts_per_eligible_person(&data, &settings);
            let trends = TrendsView::from(&trends(&data, at, Some(months)));
            (report, acts, trends)
        })
    };
    let key_players_task = {
        let data = Arc::clone(&data);
        tokio::task::spawn_blocking(move || key_players_of(&data, MAX_KEY_PLAYERS, at))
    };
    let map_task = {
        let data = Arc::clone(&data);
        let window = Window::ending(at, i64::from(settings.window_days));
        tokio::task::spawn_blocking(move || advice_map(&data, &window, names))
    };
    let (report, acts_per_person, trends) = report_task.await.map_err(failed("the report computation failed"))?;
    let key_players = key_players_task.await.map_err(failed("the key-player search failed"))??;
    let map = map_task.await.map_err(failed("laying out the advice network failed"))?;
    let charts = {
        let window_days = settings.window_days;
        let population = report.population;
        let network_people = report.network_people;
        tokio::task::spawn_blocking(move || {
            draw(window_days, population, network_people, &acts_per_person, &trends, &map, names)
        })
    };
    let (lorenz, (leaders_chart, spread_chart), trends_omitted, map, map_caption) =
        charts.await.map_err(failed("drawing the charts failed"))??;
    Ok(Analysis {
        report,
        lorenz,
        leaders_chart,
        spread_chart,
        trends_omitted,
        map,
        map_caption,
        key_players,
        names: PersonNames::of(&data),
        teams: team_choices(&data),
        people: people_choices_of(&data.people, at),
        at: now(),
    })
}

/// The charts: the Lorenz curve, the two trend charts, what was left out of the trends, the
/// advice map and its caption.
type Charts = (String, (String, String), Vec<String>, String, String);

fn draw(
    window_days: u32,
    population: usize,
    network_people: usize,
    acts_per_person: &[f64],
    trends: &TrendsView,
    map: &AdviceMap,
    names: Names,
) -> Result<Charts, ApiError> {
    let lorenz = render_lorenz(
        &Caption {
            id: "lorenz".into(),
            title: format!("Acts per person, last {window_days} days"),
            description: format!(
                "Lorenz curve of leadership acts over the {population} people counted (zeros included)."
            ),
        },
        acts_per_person,
    )
    .map_err(chart_failed("Lorenz curve"))?;
    let trend_charts = trend_charts(trends)?;
    let omitted = trends.omitted.iter().map(|o| format!("{}: {}", o.key, o.reason)).collect();
    let map_caption = format::map_caption(map, names == Names::Shown, network_people);
    let map_svg = render_network(
        &Caption {
            id: "advice-map".into(),
            title: "Who is sought for advice".into(),
            description: map_caption.clone(),
        },
        &map.network,
        &ForceSettings { width: 640.0, height: 460.0, ..ForceSettings::default() },
    )
    .map_err(chart_failed("advice network map"))?;
    Ok((lorenz, trend_charts, omitted, map_svg, map_caption))
}

/// How many calendar months (UTC) start at `since` or later, up to the one holding `at`
/// (at least that one): the months whose acts have all been read.
fn months_starting_since(since: Timestamp, at: Timestamp) -> u32 {
    let mut month = at.to_zoned(TimeZone::UTC).date().first_of_month();
    let mut count = 0;
    while let Ok(start) = month.to_zoned(TimeZone::UTC).map(|start| start.timestamp()) {
        if start < since {
            break;
        }
        count += 1;
        let Ok(previous) = month.checked_sub(1.month()) else { break };
        month = previous;
    }
    count.max(1)
}

fn team_choices(data: &Dataset) -> Vec<Choice> {
    let mut teams: Vec<Choice> = data.teams.iter().map(|t| Choice::new(t.id.as_str(), t.name.as_str())).collect();
    teams.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.value.cmp(&b.value)));
    teams
}

/// People who are members at `at`, for the what-if form's suggestions (at most
/// [`MAX_SUGGESTED_PEOPLE`]).
fn people_choices_of(people: &[Person], at: Timestamp) -> Vec<Choice> {
    let today = Window::ending(at, 1);
    people
        .iter()
        .filter(|p| today.had_member(p))
        .take(MAX_SUGGESTED_PEOPLE)
        .map(|p| Choice::new(p.id.as_str(), p.name.as_str()))
        .collect()
}

fn chart_failed(chart: &str) -> impl FnOnce(polylead_chart::ChartError) -> ApiError + '_ {
    move |error| ApiError::Internal(format!("drawing the {chart} failed: {error}"))
}

impl AnalyticsPage {
    fn new(
        viewer: Viewer,
        window_days: u32,
        team: Option<&str>,
        analysis: &Analysis,
    ) -> Result<AnalyticsPage, PageError> {
        let names_visible = viewer.is_admin;
        let Analysis { report, key_players, names, .. } = analysis;
        let mut teams = analysis.teams.clone();
        for choice in &mut teams {
            choice.selected = Some(choice.value.as_str()) == team;
        }
        let team_name = team.and_then(|id| teams.iter().find(|t| t.value == id)).map(|t| t.label.clone());
        let windows = WINDOWS
            .iter()
            .map(|days| Choice {
                selected: *days == window_days,
                ..Choice::new(&days.to_string(), &format!("{days} days"))
            })
            .collect();
        let scope = format::scope(report, team_name.as_deref());
        Ok(AnalyticsPage {
            chrome: Chrome::new("Analytics", Section::Analytics, Some(viewer)),
            windows,
            teams,
            scope,
            computed: analysis.at.to_zoned(TimeZone::UTC).strftime("%Y-%m-%d %H:%M UTC").to_string(),
            figures: report.headline.iter().map(|figure| FigureCard::new(figure, names_visible)).collect(),
            lorenz: analysis.lorenz.clone(),
            leaders_chart: analysis.leaders_chart.clone(),
            spread_chart: analysis.spread_chart.clone(),
            trends_omitted: analysis.trends_omitted.clone(),
            map: analysis.map.clone(),
            map_caption: analysis.map_caption.clone(),
            names_visible,
            privacy_note: PRIVACY_NOTE,
            bottlenecks: Listed::first(&report.bottlenecks, |b| BottleneckRow::from(b)),
            bottlenecks_measured: format::figure_text(report, "bottlenecks"),
            bottlenecks_defined: report.headline.iter().any(|f| f.key == "bottlenecks" && f.value.is_some()),
            single_points: Listed::first(&report.single_points, |p| SinglePointRow::from(p)),
            team_gaps: Listed::first(&report.teams_missing_types, |t| TeamGapRow::from(t)),
            informal: InformalView::from(&report.informal_leadership),
            key_players: KeyPlayerTable::of(key_players, names),
            key_players_scope: format!(
                "Over the {} people in the advice and acts network of the last {} days.",
                key_players.network_people,
                ReportSettings::DEFAULT_WINDOW_DAYS
            ),
            leave: String::new(),
            leave_error: None,
            people: analysis.people.clone(),
        })
    }
}

/// N_eff per month, and Gini* with engagement per month (both shares of 0..1, so they share
/// a scale; N_eff counts people and gets its own chart).
fn trend_charts(trends: &TrendsView) -> Result<(String, String), ApiError> {
    let periods: Vec<String> = trends.months.iter().map(|m| m.month.clone()).collect();
    let series = |key: &str, label: &str| LineSeries {
        label: label.to_owned(),
        values: trends.months.iter().map(|m| m.figures.iter().find(|f| f.key == key).and_then(|f| f.value)).collect(),
    };
    let leaders = render_line_chart(
        &Caption {
            id: "leaders-trend".into(),
            title: "Effective number of leaders per month".into(),
            description: "N_eff: how many people leadership acts are spread over, as if they shared it equally; \
                          gaps are months without acts."
                .into(),
        },
        &LineChart {
            periods: periods.clone(),
            series: vec![series("effective_leaders", "Effective leaders")],
            value_label: "people".into(),
        },
    )
    .map_err(chart_failed("trend of effective leaders"))?;
    let spread = render_line_chart(
        &Caption {
            id: "spread-trend".into(),
            title: "Gini* and engagement per month".into(),
            description: "Gini* of acts per person (0 everyone alike, 1 one person does everything) and the share \
                          of people with at least one act."
                .into(),
        },
        &LineChart {
            periods,
            series: vec![series("gini", "Gini*"), series("engagement", "Engagement")],
            value_label: "share".into(),
        },
    )
    .map_err(chart_failed("trend of Gini* and engagement"))?;
    Ok((leaders, spread))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_months_wholly_read_are_in_the_trends() {
        let at: Timestamp = "2026-11-22T06:00:00Z".parse().unwrap();
        let months = |since: &str| months_starting_since(since.parse().unwrap(), at);
        assert_eq!(months("2026-08-24T06:00:00Z"), 3, "September, October, November");
        assert_eq!(months("2026-09-01T00:00:00Z"), 3);
        assert_eq!(months("2025-11-22T06:00:00Z"), 12);
        assert_eq!(months("2026-11-22T00:00:00Z"), 1, "at least the current month");
    }
}

//! The report's views as the analytics pages print them: numbers rounded for reading, shares as
//! percentages, undefined values with their reason, people as links.

use std::collections::BTreeMap;

use polylead_core::dataset::Dataset;

use super::PRIVACY_NOTE;
use super::network_map::AdviceMap;
use crate::api::analytics::{
    BottleneckView, FigureView, InformalLeadershipView, PersonRefView, ReportView, SinglePointView, TeamGapView,
    UndefinedView,
};
use crate::api::what_if::{ChangeView, KeyPlayerSearchView, KeyPlayersView};

/// Headline figures that are a share of something: shown as percentages.
const SHARES: [&str; 7] = [
    "top20_share",
    "engagement",
    "reciprocity",
    "formal_tie_coverage",
    "appropriateness",
    "team_full_coverage",
    "co_performance_rate",
];
/// Headline figures that count people or domains: shown without decimals.
const COUNTS: [&str; 4] = ["informal_leaders", "bottlenecks", "truck_factor", "single_point_domains"];
/// The figure whose meaning names a person.
const NAMES_A_PERSON: &str = "key_player_delta";

/// An option of a select or datalist.
#[derive(Clone, Debug)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: &str, label: &str) -> Choice {
        Choice { value: value.to_owned(), label: label.to_owned(), selected: false }
    }
}

/// The rows a page lists of a possibly long list (a big organisation may flag thousands of
/// domains), and how many there are in all.
#[derive(Debug)]
pub struct Listed<T> {
    pub rows: Vec<T>,
    pub total: usize,
}

impl<T> Listed<T> {
    /// The most rows a list on the page shows.
    pub const MAX_ROWS: usize = 50;

    /// The first [`Self::MAX_ROWS`] of `items`, each made a row.
    pub fn first<V>(items: &[V], row: impl Fn(&V) -> T) -> Listed<T> {
        Listed { rows: items.iter().take(Self::MAX_ROWS).map(row).collect(), total: items.len() }
    }

    /// How many are not shown.
    pub fn more(&self) -> usize {
        self.total - self.rows.len()
    }
}

/// A person shown by name with a link to their page.
#[derive(Clone, Debug)]
pub struct PersonLink {
    pub href: String,
    pub name: String,
}

impl From<&PersonRefView> for PersonLink {
    fn from(person: &PersonRefView) -> PersonLink {
        PersonLink { href: format!("/people/{}", person.id), name: person.name.clone() }
    }
}

/// Names of people by id, for views that carry ids only.
pub struct PersonNames(BTreeMap<String, String>);

impl PersonNames {
    pub fn of(data: &Dataset) -> PersonNames {
        PersonNames(data.people.iter().map(|p| (p.id.to_string(), p.name.to_string())).collect())
    }

    pub fn link(&self, id: &str) -> PersonLink {
        PersonLink { href: format!("/people/{id}"), name: self.0.get(id).cloned().unwrap_or_else(|| id.to_owned()) }
    }
}

/// A headline figure: its value for reading, or "undefined" and why.
#[derive(Debug)]
pub struct FigureCard {
    pub key: String,
    pub label: String,
    pub value: Option<String>,
    pub reason: Option<String>,
    pub meaning: String,
    pub note: Option<String>,
}

impl FigureCard {
    /// The card; with `names_visible` false, a meaning naming a person is replaced by one that
    /// does not.
    pub fn new(figure: &FigureView, names_visible: bool) -> FigureCard {
        let meaning = match figure.value {
            Some(delta) if figure.key == NAMES_A_PERSON && !names_visible => {
                format!("if the single key player left, DF would rise by {delta:.3} ({PRIVACY_NOTE})")
            }
            _ => figure.meaning.clone(),
        };
        FigureCard {
            key: figure.key.clone(),
            label: figure.label.clone(),
            value: figure.value.map(|value| figure_value(&figure.key, value)),
            reason: figure.undefined.as_ref().map(|u| u.explanation.clone()),
            meaning,
            note: figure.note.clone(),
        }
    }
}

/// A headline value for reading: a percentage for shares, a whole number for counts, else two
/// decimals.
pub fn figure_value(key: &str, value: f64) -> String {
    if SHARES.contains(&key) {
        percent(value)
    } else if COUNTS.contains(&key) {
        format!("{value:.0}")
    } else {
        decimal(value)
    }
}

/// `0.256` → `25.6%`.
pub fn percent(share: f64) -> String {
    format!("{}%", trim_negative_zero(format!("{:.1}", share * 100.0)))
}

/// Two decimals, without a minus sign on a rounded zero.
pub fn decimal(value: f64) -> String {
    trim_negative_zero(format!("{value:.2}"))
}

fn trim_negative_zero(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => text,
    }
}

/// The value of the headline figure `key` with its meaning, for a line of text.
pub fn figure_text(report: &ReportView, key: &str) -> String {
    match report.headline.iter().find(|f| f.key == key) {
        Some(figure) => match (figure.value, &figure.undefined) {
            (Some(value), _) => format!("{}: {} — {}", figure.label, figure_value(key, value), figure.meaning),
            (None, Some(undefined)) => format!("{}: undefined — {}", figure.label, undefined.explanation),
            (None, None) => format!("{}: undefined", figure.label),
        },
        None => String::new(),
    }
}

/// What the figures cover: the window, the people counted and the team.
pub fn scope(report: &ReportView, team_name: Option<&str>) -> String {
    let day = |instant: &str| instant.get(..10).unwrap_or(instant).to_owned();
    let team = team_name.map_or_else(String::new, |name| format!(" in {name} and its nested teams"));
    format!(
        "The last {:.0} days ({} to {}): {} people counted in the activity figures{team}; {} in the advice network \
         (network and decision figures cover the whole organisation).",
        report.window.days,
        day(&report.window.from),
        day(&report.window.to),
        report.population,
        report.network_people,
    )
}

/// The caption under the network map: what is shown and what is left out.
pub fn map_caption(map: &AdviceMap, names_visible: bool, network_people: usize) -> String {
    let shown = map.network.nodes.len();
    let of = if shown < map.people_with_ties {
        format!("the {shown} most sought of the {} people with advice ties", map.people_with_ties)
    } else {
        format!("all {shown} people with advice ties")
    };
    let who = if names_visible {
        "Hover or focus a circle for the name; each links to the person's page."
    } else {
        "People are shown as anonymous dots: names are shown to admins, and each person sees their own figures \
         on their own page."
    };
    format!(
        "Advice ties (seeker → source) among the {network_people} members of the window: {of}, coloured by team, \
         larger when sought more often. {who}"
    )
}

/// A decider flagged as a bottleneck.
#[derive(Debug)]
pub struct BottleneckRow {
    pub person: PersonLink,
    pub utilisation: String,
    pub wait: String,
    pub flags: String,
}

impl From<&BottleneckView> for BottleneckRow {
    fn from(view: &BottleneckView) -> BottleneckRow {
        BottleneckRow {
            person: PersonLink::from(&view.person),
            utilisation: decimal(view.utilisation),
            wait: match view.expected_wait_days {
                Some(days) => format!("{days:.1} days"),
                None if view.unstable => "grows without bound".to_owned(),
                None => "—".to_owned(),
            },
            flags: view.flags.iter().map(|flag| flag.replace('_', " ")).collect::<Vec<_>>().join(", "),
        }
    }
}

/// A domain that depends on one person.
#[derive(Debug)]
pub struct SinglePointRow {
    pub domain_id: String,
    pub domain_name: String,
    pub person: Option<PersonLink>,
}

impl From<&SinglePointView> for SinglePointRow {
    fn from(view: &SinglePointView) -> SinglePointRow {
        SinglePointRow {
            domain_id: view.domain_id.clone(),
            domain_name: view.domain_name.clone(),
            person: view.person.as_ref().map(PersonLink::from),
        }
    }
}

/// A team missing some contribution types.
#[derive(Debug)]
pub struct TeamGapRow {
    pub team_id: String,
    pub team_name: String,
    pub members: usize,
    pub coverage: String,
    pub missing: String,
}

impl From<&TeamGapView> for TeamGapRow {
    fn from(view: &TeamGapView) -> TeamGapRow {
        TeamGapRow {
            team_id: view.team_id.clone(),
            team_name: view.team_name.clone(),
            members: view.members,
            coverage: percent(view.coverage),
            missing: view.missing.iter().map(|kind| kind.replace('_', " ")).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Someone sought out well above the mean.
#[derive(Debug)]
pub struct SoughtRow {
    pub person: PersonLink,
    pub in_degree: usize,
    pub formal: bool,
}

/// Informal against formal leadership.
#[derive(Debug)]
pub struct InformalView {
    pub verdict: String,
    pub cutoff: Option<String>,
    pub sought: Listed<SoughtRow>,
    /// Of `sought`, those without a formal role or right.
    pub informal: usize,
}

impl From<&InformalLeadershipView> for InformalView {
    fn from(view: &InformalLeadershipView) -> InformalView {
        InformalView {
            verdict: view.verdict.clone(),
            cutoff: view.cutoff.map(decimal),
            sought: Listed::first(&view.sought, |s| SoughtRow {
                person: PersonLink::from(&s.person),
                in_degree: s.in_degree,
                formal: s.formal,
            }),
            informal: view.sought.iter().filter(|s| !s.formal).count(),
        }
    }
}

/// The key players found for one objective.
#[derive(Debug)]
pub struct KeyPlayerTable {
    pub title: &'static str,
    pub rows: Vec<KeyPlayerRow>,
    /// Why there are no sets, if there are none.
    pub undefined: Option<String>,
}

/// The best set of one size.
#[derive(Debug)]
pub struct KeyPlayerRow {
    pub size: usize,
    pub people: Vec<PersonLink>,
    pub fragmentation: String,
    pub distance_fragmentation: String,
    /// How the set was found (exhaustive, or greedy with its note).
    pub search: String,
    pub note: Option<String>,
}

impl KeyPlayerTable {
    pub fn of(view: &KeyPlayersView, names: &PersonNames) -> Vec<KeyPlayerTable> {
        vec![
            KeyPlayerTable::new("Whose leaving cuts people off (F)", &view.by_fragmentation, names),
            KeyPlayerTable::new("Whose leaving puts people further apart (DF)", &view.by_distance_fragmentation, names),
        ]
    }

    fn new(title: &'static str, search: &KeyPlayerSearchView, names: &PersonNames) -> KeyPlayerTable {
        KeyPlayerTable {
            title,
            rows: search
                .sets
                .iter()
                .map(|set| KeyPlayerRow {
                    size: set.people.len(),
                    people: set.people.iter().map(|id| names.link(id)).collect(),
                    fragmentation: change_text(&set.fragmentation),
                    distance_fragmentation: change_text(&set.distance_fragmentation),
                    search: match (set.search.as_str(), &set.note) {
                        ("exhaustive", _) => "exhaustive (optimal)".to_owned(),
                        (_, Some(note)) => note.clone(),
                        (_, None) => "greedy swap (may not be optimal)".to_owned(),
                    },
                    note: if set.search == "exhaustive" { set.note.clone() } else { None }
                        .or_else(|| set.distance_fragmentation.note.clone()),
                })
                .collect(),
            undefined: search.undefined.as_ref().map(|u| u.explanation.clone()),
        }
    }
}

/// A measure before and after, with three decimals (fragmentation moves in small steps):
/// `0.100 → 0.350 (+0.250)`, or which side is undefined and why.
pub fn change_text(change: &ChangeView) -> String {
    change_in(change, |value| trim_negative_zero(format!("{value:.3}")))
}

/// A count before and after: `26 → 24 (-2)`.
pub fn count_change_text(change: &ChangeView) -> String {
    change_in(change, |value| format!("{value:.0}"))
}

fn change_in(change: &ChangeView, number: impl Fn(f64) -> String) -> String {
    let side = |value: Option<f64>, undefined: &Option<UndefinedView>| match (value, undefined) {
        (Some(value), _) => number(value),
        (None, Some(undefined)) => format!("undefined ({})", undefined.explanation),
        (None, None) => "undefined".to_owned(),
    };
    let before = side(change.before, &change.undefined_before);
    let after = side(change.after, &change.undefined_after);
    match change.delta {
        Some(delta) => format!("{before} → {after} ({}{})", if delta >= 0.0 { "+" } else { "" }, number(delta)),
        None => format!("{before} → {after}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_percentages_counts_whole_and_the_rest_two_decimals() {
        assert_eq!(figure_value("engagement", 0.256), "25.6%");
        assert_eq!(figure_value("truck_factor", 3.0), "3");
        assert_eq!(figure_value("gini", 0.4567), "0.46");
        assert_eq!(figure_value("ei_index", -0.001), "0.00");
        assert_eq!(figure_value("ei_index", -0.5), "-0.50");
    }

    #[test]
    fn long_lists_keep_the_first_rows_and_count_the_rest() {
        let items: Vec<usize> = (0..120).collect();
        let listed = Listed::first(&items, |i| i * 2);
        assert_eq!((listed.rows.len(), listed.total, listed.more()), (50, 120, 70));
        assert_eq!(listed.rows[49], 98);
        let short = Listed::first(&items[..3], |i| *i);
        assert_eq!((short.more(), short.rows), (0, vec![0, 1, 2]));
    }

    #[test]
    fn a_change_shows_both_sides_and_the_difference() {
        let change = ChangeView {
            before: Some(0.1),
            after: Some(0.35),
            delta: Some(0.25),
            undefined_before: None,
            undefined_after: None,
            note: None,
        };
        assert_eq!(change_text(&change), "0.100 → 0.350 (+0.250)");
        let undefined = ChangeView {
            before: None,
            after: None,
            delta: None,
            undefined_before: Some(crate::api::analytics::UndefinedView {
                code: "NO_TIES".into(),
                explanation: "no ties".into(),
            }),
            undefined_after: None,
            note: None,
        };
        assert_eq!(change_text(&undefined), "undefined (no ties) → undefined");
        let fewer = ChangeView { before: Some(26.0), after: Some(24.0), delta: Some(-2.0), ..undefined };
        assert_eq!(count_change_text(&fewer), "26 → 24 (-2)");
    }
}

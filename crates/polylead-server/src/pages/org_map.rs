//! `GET /org`: the organisation as a zoomable circle-packing map, a tree of teams and roles,
//! or a table of teams. Big organisations are drawn a part at a time: the map and the tree stop
//! at the depth that keeps them readable, and the table has pages.

use std::collections::BTreeMap;
use std::fmt::Write;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use polylead_chart::{Caption, PackNode, PackSettings, render_pack};
use polylead_core::ids::TeamId;
use polylead_core::record::Entity;
use polylead_core::rights::Organisation;
use polylead_core::role::Role;
use polylead_core::setting::ORGANISATION_NAME;
use polylead_core::team::Team;
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::Query;
use crate::pages::party::{Link, parse_id};
use crate::pages::{Chrome, PageError, Section, Viewer, escape, url_encode};
use crate::{AppState, flow};

pub fn routes() -> Router<AppState> {
    Router::new().route("/org", get(show_org))
}

/// The most circles the map draws; deeper levels are left for zooming in.
const MAP_CIRCLES: usize = 1500;
/// The most teams the tree lists at once.
const TREE_TEAMS: usize = 400;
/// Teams per page of the list.
const LIST_PAGE: usize = 100;

#[derive(Debug, Deserialize)]
struct OrgQuery {
    view: Option<String>,
    root: Option<String>,
    page: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum View {
    Map,
    Tree,
    List,
}

impl View {
    fn parse(raw: Option<&str>) -> Result<View, PageError> {
        match raw.unwrap_or("map") {
            "map" | "" => Ok(View::Map),
            "tree" => Ok(View::Tree),
            "list" => Ok(View::List),
            other => Err(PageError(ApiError::Invalid(format!("view must be map, tree or list, got {other:?}")))),
        }
    }
}

/// One row of the list view.
struct TeamRow {
    team: Link,
    parent: Option<Link>,
    roles: Vec<Link>,
    people: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "org_map.html")]
struct OrgPage {
    chrome: Chrome,
    organisation: String,
    /// (href, label, current) for the three views.
    tabs: Vec<(String, &'static str, bool)>,
    /// The teams above the zoomed team, outermost first; empty at the top.
    breadcrumb: Vec<Link>,
    /// The zoomed team, if any.
    root: Option<Link>,
    /// "showing N of M teams" when not everything is shown.
    note: Option<String>,
    map_svg: Option<String>,
    tree_html: Option<String>,
    rows: Vec<TeamRow>,
    previous: Option<String>,
    next: Option<String>,
}

/// The structure indexed for drawing: sub-teams, roles and current people per team.
struct OrgIndex<'a> {
    organisation: &'a Organisation,
    top: Vec<&'a Team>,
    children: BTreeMap<&'a TeamId, Vec<&'a Team>>,
    roles: BTreeMap<&'a TeamId, Vec<&'a Role>>,
    people: BTreeMap<&'a TeamId, usize>,
    today: Date,
}

impl<'a> OrgIndex<'a> {
    fn new(organisation: &'a Organisation, today: Date) -> OrgIndex<'a> {
        let mut index = OrgIndex {
            organisation,
            top: Vec::new(),
            children: BTreeMap::new(),
            roles: BTreeMap::new(),
            people: BTreeMap::new(),
            today,
        };
        for team in organisation.teams() {
            match team.parent.as_ref().filter(|parent| organisation.team(parent).is_some()) {
                Some(parent) => index.children.entry(parent).or_default().push(team),
                None => index.top.push(team),
            }
        }
        for role in organisation.roles() {
            index.roles.entry(&role.team).or_default().push(role);
        }
        for person in organisation.people().filter(|person| person.is_member_on(today)) {
            if let Some(team) = &person.team {
                *index.people.entry(team).or_default() += 1;
            }
        }
        index
    }

    fn sub_teams<'s>(&'s self, team: Option<&TeamId>) -> &'s [&'a Team] {
        match team {
            Some(team) => self.children.get(team).map_or(&[], Vec::as_slice),
            None => &self.top,
        }
    }

    fn roles_of<'s>(&'s self, team: &TeamId) -> &'s [&'a Role] {
        self.roles.get(team).map_or(&[], Vec::as_slice)
    }

    fn current_fillers(&self, role: &Role) -> usize {
        let organisation = self.organisation;
        organisation
            .fillers(&role.id)
            .iter()
            .filter(|id| organisation.person(id).is_some_and(|person| person.is_member_on(self.today)))
            .count()
    }

    /// The teams under `root` (all top teams for `None`) in pre-order, with their depth
    /// (a top team or `root` itself is at depth 1, below the organisation).
    fn subtree(&self, root: Option<&'a Team>) -> Vec<(&'a Team, usize)> {
        let mut out = Vec::new();
        let mut stack: Vec<(&'a Team, usize)> = match root {
            Some(team) => vec![(team, 1)],
            None => self.sub_teams(None).iter().rev().map(|team| (*team, 1)).collect(),
        };
        let bound = self.organisation.teams().count();
        while let Some((team, depth)) = stack.pop() {
            // Cycles are refused at import; the bound only guards against a corrupt store.
            if out.len() > bound {
                break;
            }
            out.push((team, depth));
            stack.extend(self.sub_teams(Some(&team.id)).iter().rev().map(|child| (*child, depth + 1)));
        }
        out
    }

    fn pack_team(&self, team: &Team, depth: usize) -> PackNode {
        let mut children: Vec<PackNode> = Vec::new();
        if depth < 64 {
            children.extend(self.sub_teams(Some(&team.id)).iter().map(|child| self.pack_team(child, depth + 1)));
        }
        for role in self.roles_of(&team.id) {
            let fillers = self.current_fillers(role);
            children.push(PackNode {
                id: format!("role:{}", role.id),
                label: role.name.to_string(),
                href: Some(format!("/roles/{}", role.id)),
                tooltip: Some(format!("Role {} · {} filling it", role.name, fillers)),
                class: Some(if fillers == 0 { "pack-role vacant".to_owned() } else { "pack-role".to_owned() }),
                weight: fillers.max(1) as f64,
                ..PackNode::default()
            });
        }
        PackNode {
            id: format!("team:{}", team.id),
            label: team.name.to_string(),
            href: Some(format!("/teams/{}", team.id)),
            zoom_href: Some(format!("/org?root={}", url_encode(team.id.as_str()))),
            tooltip: Some(format!("Team {}", team.name)),
            class: Some("pack-team".to_owned()),
            weight: 1.0,
            children,
        }
    }
}

/// The deepest level (≥ `minimum`) whose levels up to it hold at most `limit` items in all,
/// given the number of items at each level.
fn depth_within(per_level: &[usize], limit: usize, minimum: usize) -> usize {
    let mut total = 0;
    let mut deepest = minimum;
    for (level, count) in per_level.iter().enumerate() {
        total += count;
        if total > limit {
            break;
        }
        deepest = deepest.max(level);
    }
    deepest
}

async fn show_org(
    viewer: Viewer,
    State(state): State<AppState>,
    Query(query): Query<OrgQuery>,
) -> Result<OrgPage, PageError> {
    let view = View::parse(query.view.as_deref())?;
    let organisation = state.structure.current(&state.store).await?;
    let name = organisation.setting(ORGANISATION_NAME).unwrap_or("Organisation").to_owned();
    let root = match query.root.as_deref().filter(|raw| !raw.is_empty()) {
        Some(raw) => {
            let id = parse_id(raw, Entity::Team, TeamId::parse)?;
            Some(organisation.team(&id).ok_or_else(|| PageError(ApiError::not_found(Entity::Team, raw)))?)
        }
        None => None,
    };
    let today = flow::now().to_zoned(TimeZone::UTC).date();
    let index = OrgIndex::new(&organisation, today);
    let teams = index.subtree(root);
    let root_param = root.map_or_else(String::new, |team| format!("&root={}", url_encode(team.id.as_str())));
    let tabs = [(View::Map, "map", "Map"), (View::Tree, "tree", "Tree"), (View::List, "list", "List")]
        .into_iter()
        .map(|(tab, key, label)| (format!("/org?view={key}{root_param}"), label, tab == view))
        .collect();
    let breadcrumb = match root {
        Some(team) => {
            let mut lineage: Vec<Link> = organisation
                .lineage(&team.id)
                .into_iter()
                .skip(1)
                .map(|id| zoom_link(&organisation, id, view))
                .collect();
            lineage.reverse();
            lineage.insert(0, Link { href: format!("/org?view={}", view_key(view)), label: name.clone() });
            lineage
        }
        None => Vec::new(),
    };
    let mut page = OrgPage {
        chrome: Chrome::new("Organisation", Section::Organisation, Some(viewer)),
        organisation: name.clone(),
        tabs,
        breadcrumb,
        root: root.map(|team| Link::team(&organisation, &team.id)),
        note: None,
        map_svg: None,
        tree_html: None,
        rows: Vec::new(),
        previous: None,
        next: None,
    };
    match view {
        View::Map => {
            let (svg, note) = map(&index, root, &teams, &name)?;
            page.map_svg = Some(svg);
            page.note = note;
        }
        View::Tree => {
            let (html, note) = tree(&index, &teams);
            page.tree_html = Some(html);
            page.note = note;
        }
        View::List => {
            let number = match query.page.as_deref().filter(|raw| !raw.is_empty()) {
                Some(raw) => raw
                    .parse()
                    .map_err(|_| PageError(ApiError::Invalid(format!("page must be a whole number, got {raw:?}"))))?,
                None => 1,
            };
            list(&index, &teams, number, &root_param, &mut page)?
        }
    }
    Ok(page)
}

fn view_key(view: View) -> &'static str {
    match view {
        View::Map => "map",
        View::Tree => "tree",
        View::List => "list",
    }
}

fn zoom_link(organisation: &Organisation, team: &TeamId, view: View) -> Link {
    Link {
        href: format!("/org?view={}&root={}", view_key(view), url_encode(team.as_str())),
        label: Link::team(organisation, team).label,
    }
}

fn map(
    index: &OrgIndex<'_>,
    root: Option<&Team>,
    teams: &[(&Team, usize)],
    name: &str,
) -> Result<(String, Option<String>), PageError> {
    // One top team is drawn as the map itself, not inside a circle of the organisation's name.
    let tops = index.sub_teams(None);
    let root = root.or(match tops {
        [top] => Some(*top),
        _ => None,
    });
    let node = match root {
        Some(team) => index.pack_team(team, 0),
        None => PackNode {
            id: "org".to_owned(),
            label: name.to_owned(),
            children: index.sub_teams(None).iter().map(|team| index.pack_team(team, 1)).collect(),
            ..PackNode::default()
        },
    };
    // Circles per depth: the root, then teams and their roles one level below their team.
    let offset = usize::from(root.is_some());
    let mut per_level = vec![1usize];
    let mut teams_per_level = vec![0usize];
    for (team, depth) in teams {
        let level = depth - offset;
        for (levels, count) in [(&mut per_level, 1), (&mut teams_per_level, 1)] {
            if levels.len() <= level {
                levels.resize(level + 1, 0);
            }
            levels[level] += count;
        }
        let roles = index.roles_of(&team.id).len();
        if per_level.len() <= level + 1 {
            per_level.resize(level + 2, 0);
        }
        per_level[level + 1] += roles;
    }
    let max_depth = depth_within(&per_level, MAP_CIRCLES, 1);
    let shown: usize = teams_per_level.iter().take(max_depth + 1).sum();
    let drawn: usize = per_level.iter().take(max_depth + 1).sum();
    let total: usize = per_level.iter().sum();
    let note = if shown < teams.len() {
        Some(format!("Showing {shown} of {} teams — zoom into a team to see the teams inside it.", teams.len()))
    } else if drawn < total {
        Some(format!("Showing all {shown} teams but not every role — zoom into a team to see its roles."))
    } else {
        None
    };
    let settings = PackSettings { diameter: 800.0, padding: 3.0, max_depth: Some(max_depth) };
    let caption = Caption {
        id: "org-map".to_owned(),
        title: format!("Map of {}", root.map_or(name, |team| team.name.as_str())),
        description: "Teams as circles holding their sub-teams and roles; a role's size is the number of people \
                      filling it."
            .to_owned(),
    };
    let svg = render_pack(&caption, std::slice::from_ref(&node), &settings)
        .map_err(|error| PageError(ApiError::Internal(format!("drawing the org map failed: {error}"))))?;
    Ok((svg, note))
}

fn tree(index: &OrgIndex<'_>, teams: &[(&Team, usize)]) -> (String, Option<String>) {
    let mut per_level = Vec::new();
    for (_, depth) in teams {
        if per_level.len() <= *depth {
            per_level.resize(depth + 1, 0);
        }
        per_level[*depth] += 1;
    }
    let max_depth = depth_within(&per_level, TREE_TEAMS, 1);
    let shown: Vec<&(&Team, usize)> = teams.iter().filter(|(_, depth)| *depth <= max_depth).collect();
    let note = (shown.len() < teams.len()).then(|| {
        format!("Showing {} of {} teams — open a team's sub-teams to see deeper levels.", shown.len(), teams.len())
    });
    let mut html = String::from("<ul class=\"org-tree\">");
    let mut open = 1; // depth of the list currently open
    for (position, (team, depth)) in shown.iter().enumerate() {
        while open > *depth {
            html.push_str("</ul></li>");
            open -= 1;
        }
        let _ = write!(html, "<li><a href=\"/teams/{}\">{}</a>", escape(team.id.as_str()), escape(team.name.as_str()));
        let roles = index.roles_of(&team.id);
        if !roles.is_empty() {
            html.push_str("<ul class=\"roles\">");
            for role in roles {
                let _ = write!(
                    html,
                    "<li><a href=\"/roles/{}\">{}</a> <span class=\"muted\">role · {} filling</span></li>",
                    escape(role.id.as_str()),
                    escape(role.name.as_str()),
                    index.current_fillers(role)
                );
            }
            html.push_str("</ul>");
        }
        let hidden = index.sub_teams(Some(&team.id)).len();
        let next_is_child = shown.get(position + 1).is_some_and(|(_, next)| *next > *depth);
        if next_is_child {
            html.push_str("<ul>");
            open += 1;
        } else {
            if hidden > 0 {
                let _ = write!(
                    html,
                    " <a class=\"more\" href=\"/org?view=tree&amp;root={}\">{hidden} sub-teams…</a>",
                    escape(&url_encode(team.id.as_str()))
                );
            }
            html.push_str("</li>");
        }
    }
    while open > 1 {
        html.push_str("</ul></li>");
        open -= 1;
    }
    html.push_str("</ul>");
    if shown.is_empty() {
        html = "<p class=\"muted\">No teams yet.</p>".to_owned();
    }
    (html, note)
}

fn list(
    index: &OrgIndex<'_>,
    teams: &[(&Team, usize)],
    page_number: usize,
    root_param: &str,
    page: &mut OrgPage,
) -> Result<(), PageError> {
    let pages = teams.len().div_ceil(LIST_PAGE).max(1);
    if page_number == 0 || page_number > pages {
        return Err(PageError(ApiError::Invalid(format!("page must be between 1 and {pages}, got {page_number}"))));
    }
    let organisation = index.organisation;
    page.rows = teams
        .iter()
        .skip((page_number - 1) * LIST_PAGE)
        .take(LIST_PAGE)
        .map(|(team, _)| TeamRow {
            team: Link::team(organisation, &team.id),
            parent: team.parent.as_ref().map(|parent| Link::team(organisation, parent)),
            roles: index.roles_of(&team.id).iter().map(|role| Link::role(organisation, &role.id)).collect(),
            people: index.people.get(&team.id).copied().unwrap_or(0),
        })
        .collect();
    let link = |number: usize| format!("/org?view=list{root_param}&page={number}");
    page.previous = (page_number > 1).then(|| link(page_number - 1));
    page.next = (page_number < pages).then(|| link(page_number + 1));
    if pages > 1 {
        page.note = Some(format!("Page {page_number} of {pages} ({} teams).", teams.len()));
    }
    Ok(())
}

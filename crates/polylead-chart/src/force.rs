//! A deterministic force-directed layout of a directed, weighted network (the advice map):
//! seeded Fruchterman–Reingold per connected component, components packed side by side.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::enclose::{Circle, pack_siblings};
use crate::error::{ChartError, non_negative};
use crate::random::Lcg;
use crate::svg::{Caption, FONT_SIZE, LegendEntry, Svg, escape, fit_label, legend_height, num, write_legend};

/// A person in the network.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkNode {
    /// A stable id, written to `data-id`.
    pub id: String,
    /// The person's name.
    pub label: String,
    /// Their page; no link when `None`.
    pub href: Option<String>,
    /// Index into [`Network::groups`] (their team); coloured by class `team-{group + 1}`.
    pub group: usize,
    /// How often they were sought for advice; the circle's area grows with it.
    pub sought: u32,
}

/// A directed tie `from` → `to` (seeker → source), as indices into [`Network::nodes`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NetworkEdge {
    /// The seeker.
    pub from: usize,
    /// The source sought.
    pub to: usize,
    /// How strong the tie is (how often, say), > 0; ties in both directions add up.
    pub weight: f64,
}

/// The network to lay out. The layout costs O(n²) per iteration: callers should pass the top
/// few hundred people (by `sought`, say), up to about 400.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// The people, in a stable order (the layout depends on it).
    pub nodes: Vec<NetworkNode>,
    /// The ties; self-ties are ignored.
    pub edges: Vec<NetworkEdge>,
    /// The group (team) names, for tooltips and the legend.
    pub groups: Vec<String>,
}

/// Settings of [`layout_network`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForceSettings {
    /// The width of the drawing area, in viewBox units.
    pub width: f64,
    /// The height of the drawing area (the legend goes below it).
    pub height: f64,
    /// Space kept free at the edges, beyond the largest node's radius.
    pub margin: f64,
    /// Iterations of the simulation; more settle better and cost more.
    pub iterations: usize,
    /// The seed of the starting positions; the same seed gives the same layout.
    pub seed: u64,
}

impl Default for ForceSettings {
    fn default() -> ForceSettings {
        ForceSettings { width: 400.0, height: 400.0, margin: 8.0, iterations: 300, seed: 1 }
    }
}

/// A position in viewBox units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Horizontal.
    pub x: f64,
    /// Vertical.
    pub y: f64,
}

/// Node radii in viewBox units: the area grows with `sought` (square-root scale).
const MIN_RADIUS: f64 = 3.0;
const MAX_RADIUS: f64 = 12.0;

/// Lays the network out: each connected component (ignoring direction) by Fruchterman–Reingold
/// from seeded random starting positions with linear cooling over `iterations`, stronger ties
/// pulling harder; the components are then packed next to each other, largest first, so
/// isolated people do not drift away; finally everything is scaled uniformly and centred into
/// the `width`×`height` area minus `margin` and the largest radius. Returns one point per node.
///
/// Errors when an edge refers to a missing node, a weight is not a finite number ≥ 0, or a
/// group index is out of range.
pub fn layout_network(network: &Network, settings: &ForceSettings) -> Result<Vec<Point>, ChartError> {
    check(network)?;
    let n = network.nodes.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let ties = undirected_ties(network);
    let components = components(n, &ties);
    let mut rng = Lcg::new(settings.seed);
    let mut layout = vec![Point::default(); n];
    let mut extents = Vec::with_capacity(components.len());
    for members in &components {
        simulate(members, &ties, settings.iterations, &mut rng, &mut layout);
        // Centre the component on its centroid and measure how far it reaches.
        let count = members.len() as f64;
        let cx = members.iter().map(|&i| layout[i].x).sum::<f64>() / count;
        let cy = members.iter().map(|&i| layout[i].y).sum::<f64>() / count;
        let mut reach: f64 = 0.0;
        for &i in members {
            layout[i].x -= cx;
            layout[i].y -= cy;
            reach = reach.max(layout[i].x.hypot(layout[i].y));
        }
        // Half the ideal distance around the outermost nodes, plus a gap between components.
        extents.push(Circle { x: 0.0, y: 0.0, r: reach + 0.75 });
    }
    pack_siblings(&mut extents);
    for (members, extent) in components.iter().zip(&extents) {
        for &i in members {
            layout[i].x += extent.x;
            layout[i].y += extent.y;
        }
    }
    Ok(fit(&layout, settings))
}

/// Draws the network: ties as thin low-opacity lines (thicker for heavier ties) ending in a
/// small arrowhead at the source, people as circles (area by `sought`, class
/// `team-{group + 1}`), each an `<a href>` with the `<title>` "name — team — sought N times",
/// the names of the most sought beside their circles, and a legend of the groups below.
pub fn render_network(caption: &Caption, network: &Network, settings: &ForceSettings) -> Result<String, ChartError> {
    let points = layout_network(network, settings)?;
    let (width, height) = (sane(settings.width, 400.0), sane(settings.height, 400.0));
    let classes: Vec<String> = (1..=network.groups.len()).map(|n| format!("team-{n}")).collect();
    let entries: Vec<LegendEntry<'_>> =
        network.groups.iter().zip(&classes).map(|(label, class)| LegendEntry { class, label }).collect();
    let legend = legend_height(&entries, width - 16.0);
    let total_height = height + if legend > 0.0 { legend + 8.0 } else { 0.0 };
    let mut svg = Svg::open(
        caption,
        "network",
        width,
        total_height,
        &caption.description,
        network.nodes.iter().any(|node| node.href.is_some()),
    );
    if network.nodes.is_empty() {
        svg.empty_state(width, height, "No advice ties to show yet.");
        return Ok(svg.finish());
    }
    let radii = radii(network);
    let max_weight = network.edges.iter().map(|edge| edge.weight).fold(0.0, f64::max);
    let arrow = format!("{}-arrow", svg.id());
    svg.raw(&format!(
        r#"<defs><marker id="{arrow}" viewBox="0 0 6 6" refX="6" refY="3" markerUnits="userSpaceOnUse" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L6,3L0,6z" fill="currentColor" fill-opacity="0.5"/></marker></defs>"#
    ));
    svg.raw(r#"<g class="network-edges" stroke="currentColor" stroke-opacity="0.25">"#);
    for edge in &network.edges {
        if edge.from == edge.to {
            continue;
        }
        let (a, b) = (points[edge.from], points[edge.to]);
        let length = (b.x - a.x).hypot(b.y - a.y);
        if length <= radii[edge.from] + radii[edge.to] {
            continue;
        }
        // From the seeker's edge to the source's edge, so the arrowhead stays visible.
        let (ux, uy) = ((b.x - a.x) / length, (b.y - a.y) / length);
        let start = (a.x + ux * radii[edge.from], a.y + uy * radii[edge.from]);
        let end = (b.x - ux * (radii[edge.to] + 1.0), b.y - uy * (radii[edge.to] + 1.0));
        let stroke = if max_weight > 0.0 { 0.6 + 1.8 * (edge.weight / max_weight).sqrt() } else { 0.6 };
        svg.raw(&format!(
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="network-edge" stroke-width="{}" marker-end="url(#{arrow})"/>"#,
            num(start.0),
            num(start.1),
            num(end.0),
            num(end.1),
            num(stroke),
        ));
    }
    svg.raw(r#"</g><g class="network-nodes">"#);
    for (i, node) in network.nodes.iter().enumerate() {
        let team = network.groups.get(node.group).map_or("", String::as_str);
        let times = if node.sought == 1 { "time" } else { "times" };
        let tooltip = format!("{} — {} — sought {} {times}", node.label, team, node.sought);
        let mut markup = String::new();
        match &node.href {
            Some(href) => {
                let _ = write!(markup, r#"<a href="{}" class="network-link">"#, escape(href));
            }
            None => markup.push_str(r#"<g class="network-link">"#),
        }
        let _ = write!(
            markup,
            r#"<title>{}</title><circle cx="{x}" cy="{y}" r="{}" class="network-node team-{}" fill="currentColor" stroke="Canvas" stroke-width="0.75" data-id="{}" data-x="{x}" data-y="{y}"/>"#,
            escape(&tooltip),
            num(radii[i]),
            node.group + 1,
            escape(&node.id),
            x = num(points[i].x),
            y = num(points[i].y),
        );
        markup.push_str(if node.href.is_some() { "</a>" } else { "</g>" });
        svg.raw(&markup);
    }
    svg.raw(r#"</g><g class="network-labels" pointer-events="none">"#);
    for i in most_sought(network, 6) {
        let Some(label) = fit_label(&network.nodes[i].label, 110.0, FONT_SIZE * 0.9) else { continue };
        let p = points[i];
        let (x, anchor) =
            if p.x > width / 2.0 { (p.x - radii[i] - 3.0, "end") } else { (p.x + radii[i] + 3.0, "start") };
        svg.raw(&format!(
            r#"<text x="{}" y="{}" text-anchor="{anchor}" font-size="{}" class="network-label" stroke="Canvas" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            num(x),
            num(p.y + 4.0),
            num(FONT_SIZE * 0.9),
            escape(&label),
        ));
    }
    svg.raw("</g>");
    write_legend(&mut svg, &entries, 8.0, height + 4.0, width - 16.0);
    Ok(svg.finish())
}

fn check(network: &Network) -> Result<(), ChartError> {
    let count = network.nodes.len();
    for (i, edge) in network.edges.iter().enumerate() {
        for (end, index) in [("from", edge.from), ("to", edge.to)] {
            if index >= count {
                return Err(ChartError::UnknownIndex { place: format!("edge {} ({end})", i + 1), index, count });
            }
        }
        non_negative(edge.weight, || format!("weight of edge {} ({} → {})", i + 1, edge.from, edge.to))?;
    }
    for node in &network.nodes {
        if node.group >= network.groups.len() {
            return Err(ChartError::UnknownIndex {
                place: format!("group of node {:?}", node.id),
                index: node.group,
                count: network.groups.len(),
            });
        }
    }
    Ok(())
}

fn sane(value: f64, fallback: f64) -> f64 {
    if value.is_finite() && value > 0.0 { value } else { fallback }
}

/// Ties without direction: (low, high) → summed weight, in index order.
fn undirected_ties(network: &Network) -> BTreeMap<(usize, usize), f64> {
    let mut ties = BTreeMap::new();
    for edge in &network.edges {
        if edge.from != edge.to && edge.weight > 0.0 {
            *ties.entry((edge.from.min(edge.to), edge.from.max(edge.to))).or_insert(0.0) += edge.weight;
        }
    }
    ties
}

/// Connected components, each sorted by index, largest first (ties by lowest index).
fn components(n: usize, ties: &BTreeMap<(usize, usize), f64>) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b) in ties.keys() {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut components: Vec<Vec<usize>> = groups.into_values().collect();
    components.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    components
}

/// Fruchterman–Reingold on one component with ideal distance 1, writing into `layout`.
fn simulate(
    members: &[usize],
    ties: &BTreeMap<(usize, usize), f64>,
    iterations: usize,
    rng: &mut Lcg,
    layout: &mut [Point],
) {
    let count = members.len();
    let side = (count as f64).sqrt();
    let mut position: Vec<Point> =
        (0..count).map(|_| Point { x: rng.next_unit() * side, y: rng.next_unit() * side }).collect();
    if count == 1 {
        layout[members[0]] = Point::default();
        return;
    }
    // Local indices of this component's ties, with weights relative to the mean.
    let local: BTreeMap<usize, usize> = members.iter().enumerate().map(|(local, &global)| (global, local)).collect();
    let springs: Vec<(usize, usize, f64)> =
        ties.iter().filter_map(|(&(a, b), &weight)| Some((*local.get(&a)?, *local.get(&b)?, weight))).collect();
    let mean = springs.iter().map(|s| s.2).sum::<f64>() / springs.len().max(1) as f64;
    let springs: Vec<(usize, usize, f64)> = springs
        .into_iter()
        .map(|(a, b, w)| (a, b, if mean > 0.0 { (w / mean).clamp(0.25, 4.0).sqrt() } else { 1.0 }))
        .collect();
    let start_temperature = side * 0.1 + 0.1;
    let mut shift = vec![Point::default(); count];
    for step in 0..iterations {
        shift.iter_mut().for_each(|s| *s = Point::default());
        for i in 0..count {
            for j in i + 1..count {
                let (mut dx, mut dy) = (position[i].x - position[j].x, position[i].y - position[j].y);
                let mut distance = dx.hypot(dy);
                if distance < 1e-6 {
                    // Coincident: push apart along a direction fixed by the indices.
                    let angle = (i * 7 + j * 13) as f64;
                    (dx, dy, distance) = (angle.cos() * 1e-3, angle.sin() * 1e-3, 1e-3);
                }
                let force = 1.0 / distance; // k² / d with k = 1
                let (fx, fy) = (dx / distance * force, dy / distance * force);
                shift[i].x += fx;
                shift[i].y += fy;
                shift[j].x -= fx;
                shift[j].y -= fy;
            }
        }
        for &(a, b, strength) in &springs {
            let (dx, dy) = (position[a].x - position[b].x, position[a].y - position[b].y);
            let distance = dx.hypot(dy);
            if distance < 1e-9 {
                continue;
            }
            let force = distance * distance * strength; // d² / k
            let (fx, fy) = (dx / distance * force, dy / distance * force);
            shift[a].x -= fx;
            shift[a].y -= fy;
            shift[b].x += fx;
            shift[b].y += fy;
        }
        // A weak pull to the centre keeps loosely tied nodes from drifting.
        let (cx, cy) = (
            position.iter().map(|p| p.x).sum::<f64>() / count as f64,
            position.iter().map(|p| p.y).sum::<f64>() / count as f64,
        );
        let temperature = start_temperature * (1.0 - step as f64 / iterations as f64) + 1e-3;
        for (p, s) in position.iter_mut().zip(&shift) {
            let sx = s.x - (p.x - cx) * 0.05;
            let sy = s.y - (p.y - cy) * 0.05;
            let length = sx.hypot(sy);
            if length > 0.0 && length.is_finite() {
                let capped = length.min(temperature);
                p.x += sx / length * capped;
                p.y += sy / length * capped;
            }
        }
    }
    for (&global, p) in members.iter().zip(position) {
        layout[global] = p;
    }
}

/// Scales uniformly and centres the layout into the drawing area.
fn fit(layout: &[Point], settings: &ForceSettings) -> Vec<Point> {
    let (width, height) = (sane(settings.width, 400.0), sane(settings.height, 400.0));
    let margin = if settings.margin.is_finite() { settings.margin.max(0.0) } else { 0.0 } + MAX_RADIUS;
    let (min_x, max_x) =
        layout.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.x), hi.max(p.x)));
    let (min_y, max_y) =
        layout.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.y), hi.max(p.y)));
    let (span_x, span_y) = (max_x - min_x, max_y - min_y);
    let room_x = (width - 2.0 * margin).max(1.0);
    let room_y = (height - 2.0 * margin).max(1.0);
    let scale = match (span_x > 0.0, span_y > 0.0) {
        (true, true) => (room_x / span_x).min(room_y / span_y),
        (true, false) => room_x / span_x,
        (false, true) => room_y / span_y,
        (false, false) => 0.0,
    };
    let (mid_x, mid_y) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    layout
        .iter()
        .map(|p| Point { x: width / 2.0 + (p.x - mid_x) * scale, y: height / 2.0 + (p.y - mid_y) * scale })
        .collect()
}

fn radii(network: &Network) -> Vec<f64> {
    let most = network.nodes.iter().map(|node| node.sought).max().unwrap_or(0);
    network
        .nodes
        .iter()
        .map(|node| {
            if most == 0 {
                MIN_RADIUS
            } else {
                MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * (f64::from(node.sought) / f64::from(most)).sqrt()
            }
        })
        .collect()
}

/// The `count` most sought people who were sought at all, most first (ties by index).
fn most_sought(network: &Network, count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..network.nodes.len()).filter(|&i| network.nodes[i].sought > 0).collect();
    order.sort_by(|&a, &b| network.nodes[b].sought.cmp(&network.nodes[a].sought).then(a.cmp(&b)));
    order.truncate(count);
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::assert_valid_chart;

    fn node(i: usize, group: usize, sought: u32) -> NetworkNode {
        NetworkNode {
            id: format!("p{i}"),
            label: format!("Person {i}"),
            href: Some(format!("/people/p{i}")),
            group,
            sought,
        }
    }

    /// Two dense clusters joined by one tie, plus an isolated pair and a loner.
    fn network() -> Network {
        let mut nodes: Vec<NetworkNode> = (0..23).map(|i| node(i, i % 3, (i * 5 % 11) as u32)).collect();
        nodes[0].label = "R&D <core>".into();
        let mut edges = Vec::new();
        for cluster in [0..10, 10..20] {
            for a in cluster.clone() {
                for b in cluster.clone() {
                    if a < b && (a + b) % 3 != 0 {
                        edges.push(NetworkEdge { from: a, to: b, weight: 1.0 + (a % 4) as f64 });
                    }
                }
            }
        }
        edges.push(NetworkEdge { from: 9, to: 10, weight: 1.0 });
        edges.push(NetworkEdge { from: 20, to: 21, weight: 2.0 });
        edges.push(NetworkEdge { from: 21, to: 20, weight: 2.0 });
        Network { nodes, edges, groups: vec!["Ops".into(), "R&D".into(), "Sales".into()] }
    }

    #[test]
    fn the_layout_is_deterministic_and_depends_on_the_seed() {
        let settings = ForceSettings::default();
        let first = layout_network(&network(), &settings).unwrap();
        assert_eq!(first, layout_network(&network(), &settings).unwrap());
        let other = layout_network(&network(), &ForceSettings { seed: 7, ..settings }).unwrap();
        assert_ne!(first, other);
    }

    #[test]
    fn positions_stay_inside_the_margins_and_spread_out() {
        let settings = ForceSettings::default();
        let points = layout_network(&network(), &settings).unwrap();
        let inset = settings.margin + MAX_RADIUS - 1e-9;
        for p in &points {
            assert!(
                p.x >= inset && p.x <= settings.width - inset && p.y >= inset && p.y <= settings.height - inset,
                "{p:?}"
            );
        }
        for (i, a) in points.iter().enumerate() {
            for b in &points[i + 1..] {
                assert!((a.x - b.x).hypot(a.y - b.y) > 4.0, "{a:?} on top of {b:?}");
            }
        }
    }

    #[test]
    fn tied_people_end_up_closer_than_strangers() {
        let points = layout_network(&network(), &ForceSettings::default()).unwrap();
        let distance = |a: usize, b: usize| (points[a].x - points[b].x).hypot(points[a].y - points[b].y);
        let within: f64 = (1..10).map(|i| distance(0, i)).sum::<f64>() / 9.0;
        let across: f64 = (11..20).map(|i| distance(0, i)).sum::<f64>() / 9.0;
        assert!(within < across, "within {within} across {across}");
        // The isolated pair sits together, not flung to a corner far from its partner.
        assert!(distance(20, 21) < across);
    }

    #[test]
    fn empty_single_and_unconnected_networks_work() {
        assert!(layout_network(&Network::default(), &ForceSettings::default()).unwrap().is_empty());
        let single = Network { nodes: vec![node(0, 0, 0)], edges: vec![], groups: vec!["A".into()] };
        assert_eq!(layout_network(&single, &ForceSettings::default()).unwrap(), vec![Point { x: 200.0, y: 200.0 }]);
        let loners =
            Network { nodes: (0..5).map(|i| node(i, 0, 0)).collect(), edges: vec![], groups: vec!["A".into()] };
        let points = layout_network(&loners, &ForceSettings::default()).unwrap();
        assert!(points.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
        let svg = render_network(&Caption::default(), &Network::default(), &ForceSettings::default()).unwrap();
        assert_valid_chart(&svg);
        assert!(svg.contains("No advice ties"));
        assert_valid_chart(&render_network(&Caption::default(), &loners, &ForceSettings::default()).unwrap());
    }

    #[test]
    fn bad_edges_and_groups_are_errors() {
        let mut bad = network();
        bad.edges.push(NetworkEdge { from: 1, to: 99, weight: 1.0 });
        let error = layout_network(&bad, &ForceSettings::default()).unwrap_err();
        assert!(error.to_string().contains("(to) refers to index 99"), "{error}");
        let mut bad = network();
        bad.edges[0].weight = f64::NAN;
        assert!(layout_network(&bad, &ForceSettings::default()).is_err());
        let mut bad = network();
        bad.nodes[3].group = 5;
        assert!(layout_network(&bad, &ForceSettings::default()).unwrap_err().to_string().contains("\"p3\""));
    }

    #[test]
    fn svg_links_people_with_their_team_and_has_a_legend() {
        let caption =
            Caption { id: "advice".into(), title: "Advice network".into(), description: "Who asks whom.".into() };
        let svg = render_network(&caption, &network(), &ForceSettings::default()).unwrap();
        assert_valid_chart(&svg);
        assert!(svg.contains("R&amp;D &lt;core&gt; — Ops — sought 0 times"), "{svg}");
        assert!(svg.contains("Person 1 — R&amp;D — sought 5 times"));
        assert_eq!(svg.matches("<circle").count(), 23);
        assert!(svg.contains("class=\"network-node team-2\""));
        assert!(svg.contains("legend-swatch team-3") && svg.contains(">Sales<"));
        assert!(svg.contains("marker-end=\"url(#advice-arrow)\""));
    }

    #[test]
    fn four_hundred_people_lay_out() {
        let nodes: Vec<NetworkNode> = (0..400).map(|i| node(i, i % 8, (i % 13) as u32)).collect();
        let edges = (0..400)
            .flat_map(|i| [(i, (i * 7 + 1) % 400), (i, (i * 31 + 5) % 400)])
            .map(|(from, to)| NetworkEdge { from, to, weight: 1.0 })
            .collect();
        let network = Network { nodes, edges, groups: (0..8).map(|g| format!("Team {g}")).collect() };
        let settings = ForceSettings { iterations: 50, ..ForceSettings::default() };
        let svg = render_network(&Caption::default(), &network, &settings).unwrap();
        assert_valid_chart(&svg);
    }
}

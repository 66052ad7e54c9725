//! Circle packing of a hierarchy (the org map): organisation → nested teams → roles as leaf
//! circles, laid out as d3's `pack` does, and drawn as linked circles.

use std::fmt::Write;

use crate::enclose::{Circle, pack_siblings};
use crate::error::{ChartError, non_negative};
use crate::svg::{Caption, FONT_SIZE, Svg, escape, fit_label, num};

/// One node of the hierarchy to pack: a team with children, or a leaf such as a role.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackNode {
    /// A stable id, written to `data-id` (for a script) and used by [`PackNode::find`].
    pub id: String,
    /// The name shown on the circle when it fits, and in the tooltip.
    pub label: String,
    /// The page the circle links to (the team's or role's page); no link when `None`.
    pub href: Option<String>,
    /// For a node with children: the same map rooted at this node ("zoom in"); linked from
    /// the node's label.
    pub zoom_href: Option<String>,
    /// The tooltip; the label when `None`.
    pub tooltip: Option<String>,
    /// Extra CSS classes for the circle, e.g. `team-3` or `vacant`.
    pub class: Option<String>,
    /// A leaf's size (such as its number of fillers); values below 1 count as 1, so every
    /// leaf is visible. The area of a leaf is proportional to it. Ignored for nodes with
    /// children, whose size comes from their children.
    pub weight: f64,
    /// Nested nodes, packed in this order (put the largest first for the tightest packing).
    pub children: Vec<PackNode>,
}

impl PackNode {
    /// The node with this id in this subtree (depth first), for rendering a subtree as the root.
    pub fn find(&self, id: &str) -> Option<&PackNode> {
        if self.id == id {
            return Some(self);
        }
        self.children.iter().find_map(|child| child.find(id))
    }

    /// Whether this node or any below it links somewhere.
    fn has_links(&self) -> bool {
        self.href.is_some() || self.zoom_href.is_some() || self.children.iter().any(PackNode::has_links)
    }
}

/// Layout settings of [`pack`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PackSettings {
    /// The diameter of the outermost circle, in viewBox units (the viewBox is square).
    pub diameter: f64,
    /// Half the gap between siblings, and between a circle and its parent, in viewBox units
    /// (as d3's `pack.padding`, kept to within 0.1 % of this value).
    pub padding: f64,
    /// [`render_pack`] draws circles down to this depth only (0 = the roots); deeper nodes
    /// still size their ancestors. Keeps the SVG small for large organisations (20 000 roles
    /// are about 5 MB drawn in full). `None` draws everything.
    pub max_depth: Option<usize>,
}

impl Default for PackSettings {
    fn default() -> PackSettings {
        PackSettings { diameter: 400.0, padding: 3.0, max_depth: None }
    }
}

/// A placed circle of [`pack`]'s result.
#[derive(Clone, Debug, PartialEq)]
pub struct PackedCircle {
    /// The node's id.
    pub id: String,
    /// Centre, horizontal, in viewBox units.
    pub x: f64,
    /// Centre, vertical, in viewBox units.
    pub y: f64,
    /// Radius.
    pub r: f64,
    /// 0 for the roots given to [`pack`], 1 for their children, and so on.
    pub depth: usize,
    /// The index of the parent in the result; `None` for a root.
    pub parent: Option<usize>,
    /// How many children the node has (0 for a leaf).
    pub child_count: usize,
}

/// Packs the trees under `roots` into a circle of `settings.diameter` centred in the square
/// viewBox `0 0 diameter diameter`. One root fills the circle; several roots are packed as
/// siblings inside it. The result lists the circles in pre-order (a parent before its
/// children); no roots give no circles.
///
/// Errors when a weight is `NaN`, infinite or negative (named by the node's id).
pub fn pack(roots: &[PackNode], settings: &PackSettings) -> Result<Vec<PackedCircle>, ChartError> {
    Ok(place_all(roots, settings)?
        .into_iter()
        .map(|placed| PackedCircle {
            id: placed.node.id.clone(),
            x: placed.circle.x,
            y: placed.circle.y,
            r: placed.circle.r,
            depth: placed.depth,
            parent: placed.parent,
            child_count: placed.node.children.len(),
        })
        .collect())
}

/// Draws the packed hierarchy: every circle an `<a href>` with a `<title>` tooltip, classes
/// `pack-node depth-N` plus `pack-leaf` or `pack-branch` and the node's own class, and
/// `data-id`, `data-x`, `data-y`, `data-r` for a script that animates zooming. Leaves are
/// labelled in their centre and branches along their top edge, each only when the label
/// fits; a branch's label links to its `zoom_href`.
///
/// To zoom without JavaScript, render a subtree as the root:
/// `render_pack(&caption, std::slice::from_ref(root.find("team-7")?), &settings)`.
pub fn render_pack(caption: &Caption, roots: &[PackNode], settings: &PackSettings) -> Result<String, ChartError> {
    let mut placed = place_all(roots, settings)?;
    if let Some(max_depth) = settings.max_depth {
        placed.retain(|item| item.depth <= max_depth);
    }
    let size = settings.diameter;
    let links = !placed.is_empty() && roots.iter().any(PackNode::has_links);
    let mut svg = Svg::open(caption, "pack", size, size, &caption.description, links);
    if placed.is_empty() {
        svg.empty_state(size, size, "Nothing to show yet.");
        return Ok(svg.finish());
    }
    svg.raw(r#"<g class="pack-circles">"#);
    for item in &placed {
        write_circle(&mut svg, item);
    }
    svg.raw(r#"</g><g class="pack-labels">"#);
    for item in &placed {
        write_label(&mut svg, item);
    }
    svg.raw("</g>");
    Ok(svg.finish())
}

struct Placed<'a> {
    node: &'a PackNode,
    circle: Circle,
    depth: usize,
    parent: Option<usize>,
}

/// A node laid out relative to its parent's centre.
struct Relative {
    circle: Circle,
    children: Vec<Relative>,
}

fn place_all<'a>(roots: &'a [PackNode], settings: &PackSettings) -> Result<Vec<Placed<'a>>, ChartError> {
    for root in roots {
        check_weights(root)?;
    }
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let diameter = if settings.diameter.is_finite() && settings.diameter > 0.0 { settings.diameter } else { 400.0 };
    let padding = if settings.padding.is_finite() { settings.padding.max(0.0) } else { 0.0 };
    // As d3: pack without padding to learn the scale, then with the padding converted to
    // layout units. Padding grows the layout, which shrinks the scale, so repeat the
    // conversion a few times until the padding is close to `padding` viewBox units.
    let mut padded = pack_forest(roots, 0.0);
    let mut layout_padding = 0.0;
    for _ in 0..8 {
        let wanted = padding * padded.circle.r / (diameter / 2.0);
        if (wanted - layout_padding).abs() <= 1e-3 * wanted {
            break;
        }
        layout_padding = wanted;
        padded = pack_forest(roots, layout_padding);
    }
    let scale = if padded.circle.r > 0.0 { diameter / 2.0 / padded.circle.r } else { 1.0 };
    let mut placed = Vec::new();
    let centre = Circle { x: diameter / 2.0, y: diameter / 2.0, r: diameter / 2.0 };
    for (node, relative) in roots.iter().zip(&padded.children) {
        flatten(node, relative, centre, scale, 0, None, &mut placed);
    }
    Ok(placed)
}

fn check_weights(node: &PackNode) -> Result<(), ChartError> {
    non_negative(node.weight, || format!("weight of node {:?}", node.id))?;
    node.children.iter().try_for_each(check_weights)
}

/// The invisible parent of the roots; with one root, it has no padding so the root fills it.
fn pack_forest(roots: &[PackNode], padding: f64) -> Relative {
    let children: Vec<Relative> = roots.iter().map(|root| pack_node(root, padding)).collect();
    pack_children(children, if roots.len() == 1 { 0.0 } else { padding })
}

fn pack_node(node: &PackNode, padding: f64) -> Relative {
    if node.children.is_empty() {
        let r = node.weight.max(1.0).sqrt();
        return Relative { circle: Circle { x: 0.0, y: 0.0, r }, children: Vec::new() };
    }
    pack_children(node.children.iter().map(|child| pack_node(child, padding)).collect(), padding)
}

fn pack_children(mut children: Vec<Relative>, padding: f64) -> Relative {
    let mut circles: Vec<Circle> =
        children.iter().map(|child| Circle { x: 0.0, y: 0.0, r: child.circle.r + padding }).collect();
    let enclosing = pack_siblings(&mut circles);
    for (child, circle) in children.iter_mut().zip(&circles) {
        child.circle.x = circle.x;
        child.circle.y = circle.y;
    }
    Relative { circle: Circle { x: 0.0, y: 0.0, r: enclosing + padding }, children }
}

fn flatten<'a>(
    node: &'a PackNode,
    relative: &Relative,
    parent_centre: Circle,
    scale: f64,
    depth: usize,
    parent: Option<usize>,
    out: &mut Vec<Placed<'a>>,
) {
    let circle = Circle {
        x: parent_centre.x + relative.circle.x * scale,
        y: parent_centre.y + relative.circle.y * scale,
        r: relative.circle.r * scale,
    };
    let index = out.len();
    out.push(Placed { node, circle, depth, parent });
    for (child, child_relative) in node.children.iter().zip(&relative.children) {
        flatten(child, child_relative, circle, scale, depth + 1, Some(index), out);
    }
}

fn write_circle(svg: &mut Svg, item: &Placed<'_>) {
    let node = item.node;
    let kind = if node.children.is_empty() { "pack-leaf" } else { "pack-branch" };
    let extra = node.class.as_deref().map(|class| format!(" {}", escape(class))).unwrap_or_default();
    let tooltip = node.tooltip.as_deref().unwrap_or(&node.label);
    let mut markup = String::new();
    match &node.href {
        Some(href) => {
            let _ = write!(markup, r#"<a href="{}" class="pack-link">"#, escape(href));
        }
        None => markup.push_str(r#"<g class="pack-link">"#),
    }
    let _ = write!(
        markup,
        r#"<title>{}</title><circle cx="{x}" cy="{y}" r="{r}" class="pack-node depth-{depth} {kind}{extra}" fill="currentColor" fill-opacity="{opacity}" stroke="currentColor" stroke-opacity="0.45" data-id="{id}" data-x="{x}" data-y="{y}" data-r="{r}"/>"#,
        escape(tooltip),
        x = num(item.circle.x),
        y = num(item.circle.y),
        r = num(item.circle.r),
        depth = item.depth,
        opacity = if node.children.is_empty() { "0.35" } else { "0.08" },
        id = escape(&node.id),
    );
    markup.push_str(if node.href.is_some() { "</a>" } else { "</g>" });
    svg.raw(&markup);
}

fn write_label(svg: &mut Svg, item: &Placed<'_>) {
    let node = item.node;
    let Circle { x, y, r } = item.circle;
    if node.children.is_empty() {
        let font = FONT_SIZE.min(r * 0.8);
        if font < 8.0 {
            return;
        }
        if let Some(label) = fit_label(&node.label, 1.7 * r, font) {
            svg.raw(&format!(
                r#"<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central" font-size="{}" class="pack-label pack-label-leaf" pointer-events="none">{}</text>"#,
                num(x),
                num(y),
                num(font),
                escape(&label),
            ));
        }
        return;
    }
    // A branch: along the top edge, where the chord is as wide as the label may be.
    let font = FONT_SIZE;
    let baseline = y - r + font * 1.3;
    let half_chord = (r * r - (r - font * 1.8).powi(2)).max(0.0).sqrt();
    if r < font * 2.0 {
        return;
    }
    let Some(label) = fit_label(&node.label, 2.0 * half_chord, font) else { return };
    let text = format!(
        r#"<text x="{}" y="{}" text-anchor="middle" class="pack-label pack-label-branch depth-{}" stroke="Canvas" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
        num(x),
        num(baseline),
        item.depth,
        escape(&label),
    );
    match &node.zoom_href {
        Some(href) => svg.raw(&format!(
            r#"<a href="{}" class="pack-zoom"><title>{}</title>{text}</a>"#,
            escape(href),
            escape(&format!("Zoom into {}", node.label)),
        )),
        None => svg.raw(&text.replace("<text ", r#"<text pointer-events="none" "#)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(id: &str, weight: f64) -> PackNode {
        PackNode { id: id.into(), label: id.into(), href: Some(format!("/roles/{id}")), weight, ..PackNode::default() }
    }

    fn team(id: &str, children: Vec<PackNode>) -> PackNode {
        PackNode {
            id: id.into(),
            label: id.into(),
            href: Some(format!("/teams/{id}")),
            zoom_href: Some(format!("/map?root={id}")),
            children,
            ..PackNode::default()
        }
    }

    fn organisation() -> PackNode {
        let teams = (0..6)
            .map(|t| {
                let roles =
                    (0..(3 + t * 2)).map(|i| leaf(&format!("role-{t}-{i}"), ((i * 7 + t) % 5) as f64)).collect();
                let mut node = team(&format!("team-{t}"), roles);
                if t == 2 {
                    node.children.push(team("sub-team", vec![leaf("deep-1", 4.0), leaf("deep-2", 1.0)]));
                }
                node
            })
            .collect();
        team("org", teams)
    }

    fn check_geometry(circles: &[PackedCircle], padding: f64) {
        for (i, c) in circles.iter().enumerate() {
            assert!(c.x.is_finite() && c.y.is_finite() && c.r > 0.0, "{c:?}");
            if let Some(p) = c.parent {
                let parent = &circles[p];
                assert_eq!(parent.depth + 1, c.depth);
                let d = (c.x - parent.x).hypot(c.y - parent.y);
                assert!(
                    d + c.r <= parent.r - padding + 1e-6,
                    "{} sticks out of {} by {} (padding {padding}, {} siblings)",
                    c.id,
                    parent.id,
                    d + c.r - parent.r + padding,
                    circles.iter().filter(|o| o.parent == Some(p)).count()
                );
            }
            for other in &circles[i + 1..] {
                if other.parent == c.parent {
                    let d = (c.x - other.x).hypot(c.y - other.y);
                    assert!(d >= c.r + other.r - 1e-6, "{} overlaps {}", c.id, other.id);
                }
            }
        }
    }

    #[test]
    fn children_lie_inside_their_parent_and_siblings_do_not_overlap() {
        let settings = PackSettings::default();
        let circles = pack(&[organisation()], &settings).unwrap();
        assert_eq!(circles.len(), 1 + 6 + (3 + 5 + 7 + 9 + 11 + 13) + 3);
        let root = &circles[0];
        assert!((root.x - 200.0).abs() < 1e-9 && (root.y - 200.0).abs() < 1e-9 && (root.r - 200.0).abs() < 1e-9);
        check_geometry(&circles, settings.padding);
    }

    #[test]
    fn leaf_area_follows_weight_with_a_minimum_of_one() {
        let circles =
            pack(&[team("t", vec![leaf("a", 4.0), leaf("b", 1.0), leaf("c", 0.0)])], &PackSettings::default()).unwrap();
        let (a, b, c) = (&circles[1], &circles[2], &circles[3]);
        assert!((a.r / b.r - 2.0).abs() < 1e-9);
        assert!((b.r - c.r).abs() < 1e-9);
    }

    #[test]
    fn several_roots_are_packed_as_siblings() {
        let roots = [team("a", vec![leaf("a1", 2.0)]), team("b", vec![leaf("b1", 1.0), leaf("b2", 1.0)])];
        let circles = pack(&roots, &PackSettings::default()).unwrap();
        assert_eq!(circles.iter().filter(|c| c.parent.is_none()).count(), 2);
        check_geometry(&circles, 3.0);
        for c in &circles {
            assert!((c.x - 200.0).hypot(c.y - 200.0) + c.r <= 200.0 + 1e-6);
        }
    }

    #[test]
    fn a_single_node_and_an_empty_tree_work() {
        let single = pack(&[leaf("only", 3.0)], &PackSettings::default()).unwrap();
        assert_eq!(single.len(), 1);
        assert!((single[0].r - 200.0).abs() < 1e-9);
        assert!(pack(&[], &PackSettings::default()).unwrap().is_empty());
        let svg = render_pack(&Caption::default(), &[], &PackSettings::default()).unwrap();
        assert!(svg.contains("Nothing to show"));
    }

    /// A random tree from a seed: up to `depth` levels, 0–7 children each, weights 0–9.
    fn random_tree(rng: &mut crate::random::Lcg, id: &mut usize, depth: usize) -> PackNode {
        *id += 1;
        let count = if depth == 0 { 0 } else { (rng.next_unit() * 8.0) as usize };
        let children = (0..count).map(|_| random_tree(rng, id, depth - 1)).collect();
        PackNode {
            id: format!("n{id}"),
            label: format!("n{id}"),
            weight: (rng.next_unit() * 10.0).floor(),
            children,
            ..PackNode::default()
        }
    }

    #[test]
    fn random_trees_keep_the_geometry() {
        let mut rng = crate::random::Lcg::new(42);
        for padding in [0.0, 2.0] {
            for _ in 0..60 {
                let tree = random_tree(&mut rng, &mut 0, 4);
                let circles = pack(&[tree], &PackSettings { diameter: 400.0, padding, max_depth: None }).unwrap();
                check_geometry(&circles, padding);
            }
        }
    }

    #[test]
    fn layout_is_deterministic() {
        let first = pack(&[organisation()], &PackSettings::default()).unwrap();
        let second = pack(&[organisation()], &PackSettings::default()).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn a_bad_weight_is_an_error_naming_the_node() {
        let error = pack(&[team("t", vec![leaf("broken", f64::NAN)])], &PackSettings::default()).unwrap_err();
        assert!(error.to_string().contains("\"broken\""), "{error}");
    }

    #[test]
    fn a_subtree_can_be_rendered_as_the_root() {
        let org = organisation();
        let sub = org.find("team-2").unwrap();
        let circles = pack(std::slice::from_ref(sub), &PackSettings::default()).unwrap();
        assert_eq!(circles[0].id, "team-2");
        assert_eq!(circles.len(), 1 + 7 + 3);
        assert!(org.find("missing").is_none());
    }

    #[test]
    fn max_depth_limits_what_is_drawn() {
        let settings = PackSettings { max_depth: Some(1), ..PackSettings::default() };
        let svg = render_pack(&Caption::default(), &[organisation()], &settings).unwrap();
        crate::tests::assert_valid_chart(&svg);
        assert_eq!(svg.matches("<circle").count(), 1 + 6);
    }

    #[test]
    fn svg_links_every_circle_and_escapes_labels() {
        let mut org = organisation();
        org.children[0].label = "R&D <core>".into();
        org.children[0].children[0].label = "Lead \"dev\"".into();
        org.children[0].children[0].weight = 40.0;
        let caption = Caption { id: "org-map".into(), title: "Org & map".into(), description: "Teams".into() };
        let svg = render_pack(&caption, &[org], &PackSettings::default()).unwrap();
        crate::tests::assert_valid_chart(&svg);
        assert!(svg.contains("R&amp;D &lt;core&gt;"));
        assert!(!svg.contains("R&D <core>"));
        assert_eq!(svg.matches("<circle").count(), 1 + 6 + 48 + 3);
        assert!(svg.contains(r#"href="/teams/team-0""#));
        assert!(svg.contains(r#"href="/map?root=team-0""#));
        assert!(svg.contains(r#"data-id="role-0-0""#));
        assert!(svg.contains("Lead &quot;dev&quot;"));
    }
}

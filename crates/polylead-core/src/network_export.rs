//! The advice network as GraphML and GEXF 1.3, for Gephi, yEd, networkx or igraph.
//!
//! Nodes are people (the members of the window, or everyone without a window) with their name,
//! team id and name, level, superior, joined/left dates, acts started in the window (all acts
//! without one) and advice in-degree (distinct seekers among the nodes, as in the report's
//! network). Edges are advice ties seeker → source, one per stored tie (so a pair asked about two
//! subjects gives two parallel edges), with weight ([`AdviceTie::weight`]), subject and wave.
//! Ties carry survey waves, not dates, so a window selects people, not ties.
//!
//! Pure: the writers return the whole document as a `String`. Every text is XML-escaped; a
//! missing value is left out (no empty attribute), so readers see it as absent, not as "".

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::advice::AdviceTie;
use crate::analytics::{PeopleIndex, Window};
use crate::dataset::Dataset;
use crate::ids::TeamId;
use crate::person::Person;
use crate::report::advice_graph;

/// The attribute's type, as both formats name it.
#[derive(Clone, Copy)]
enum Type {
    Text,
    Integer,
}

impl Type {
    fn graphml(self) -> &'static str {
        match self {
            Type::Text => "string",
            Type::Integer => "int",
        }
    }

    fn gexf(self) -> &'static str {
        match self {
            Type::Text => "string",
            Type::Integer => "integer",
        }
    }
}

/// Node attributes, in output order.
const NODE_ATTRIBUTES: [(&str, Type); 9] = [
    ("name", Type::Text),
    ("team", Type::Text),
    ("team_name", Type::Text),
    ("level", Type::Integer),
    ("superior", Type::Text),
    ("joined", Type::Text),
    ("left", Type::Text),
    ("acts", Type::Integer),
    ("advice_in_degree", Type::Integer),
];

/// Edge attributes besides the weight, in output order.
const EDGE_ATTRIBUTES: [(&str, Type); 2] = [("subject", Type::Text), ("wave", Type::Text)];

/// One node's values, by [`NODE_ATTRIBUTES`] position (`None`: absent).
struct Node<'a> {
    id: &'a str,
    values: [Option<String>; 9],
}

/// One edge: tie id, seeker, source, weight, and values by [`EDGE_ATTRIBUTES`] position.
struct Edge<'a> {
    tie: &'a AdviceTie,
    values: [Option<String>; 2],
}

/// The nodes and edges both writers print.
struct Network<'a> {
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
}

fn network<'a>(data: &'a Dataset, window: Option<&Window>) -> Network<'a> {
    let people: Vec<&Person> = data.people.iter().filter(|p| window.is_none_or(|w| w.had_member(p))).collect();
    let index = PeopleIndex::new(people.iter().map(|p| &p.id));
    let mut acts = vec![0_u64; index.len()];
    for act in data.acts.iter().filter(|act| window.is_none_or(|w| w.contains(act.started_at))) {
        if let Some(slot) = index.index_of(&act.actor).and_then(|at| acts.get_mut(at as usize)) {
            *slot += 1;
        }
    }
    let in_degrees = advice_graph(&data.ties, &index).in_degrees();
    let team_names: BTreeMap<&TeamId, &str> = data.teams.iter().map(|t| (&t.id, t.name.as_str())).collect();
    let mut nodes: Vec<Node> = people
        .iter()
        .filter_map(|person| {
            let at = index.index_of(&person.id)? as usize;
            let team = person.team.as_ref();
            Some(Node {
                id: person.id.as_str(),
                values: [
                    Some(person.name.as_str().to_owned()),
                    team.map(ToString::to_string),
                    team.and_then(|t| team_names.get(t)).map(|name| (*name).to_owned()),
                    person.level.map(|level| level.to_string()),
                    person.superior.as_ref().map(ToString::to_string),
                    person.joined.map(|date| date.to_string()),
                    person.left.map(|date| date.to_string()),
                    Some(acts.get(at).copied().unwrap_or(0).to_string()),
                    Some(in_degrees.get(at).copied().unwrap_or(0).to_string()),
                ],
            })
        })
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(b.id));
    let mut edges: Vec<Edge> = data
        .ties
        .iter()
        .filter(|tie| index.index_of(&tie.seeker).is_some() && index.index_of(&tie.source).is_some())
        .map(|tie| Edge { tie, values: [tie.subject.clone(), tie.wave.clone()] })
        .collect();
    edges.sort_by(|a, b| a.tie.id.cmp(&b.tie.id));
    Network { nodes, edges }
}

/// `text` safe inside XML text and double- or single-quoted attributes; characters XML 1.0
/// cannot hold (most control characters) become U+FFFD, line breaks and tabs character
/// references so attribute values keep them.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The advice network as GraphML (directed; keys declared with their types).
pub fn to_graphml(data: &Dataset, window: Option<&Window>) -> String {
    let network = network(data, window);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (name, kind) in NODE_ATTRIBUTES {
        let _ = writeln!(
            out,
            "  <key id=\"n_{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{}\"/>",
            kind.graphml()
        );
    }
    out.push_str("  <key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n");
    for (name, kind) in EDGE_ATTRIBUTES {
        let _ = writeln!(
            out,
            "  <key id=\"e_{name}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{}\"/>",
            kind.graphml()
        );
    }
    out.push_str("  <graph id=\"advice\" edgedefault=\"directed\">\n");
    for node in &network.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(node.id));
        for ((name, _), value) in NODE_ATTRIBUTES.iter().zip(&node.values) {
            if let Some(value) = value {
                let _ = writeln!(out, "      <data key=\"n_{name}\">{}</data>", escape(value));
            }
        }
        out.push_str("    </node>\n");
    }
    for edge in &network.edges {
        let tie = edge.tie;
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(tie.id.as_str()),
            escape(tie.seeker.as_str()),
            escape(tie.source.as_str())
        );
        let _ = writeln!(out, "      <data key=\"e_weight\">{}</data>", tie.weight());
        for ((name, _), value) in EDGE_ATTRIBUTES.iter().zip(&edge.values) {
            if let Some(value) = value {
                let _ = writeln!(out, "      <data key=\"e_{name}\">{}</data>", escape(value));
            }
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// The advice network as GEXF 1.3 (static, directed; attributes declared with their types; the
/// node label is the person's name, the edge weight the tie's).
pub fn to_gexf(data: &Dataset, window: Option<&Window>) -> String {
    let network = network(data, window);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    );
    out.push_str("  <meta>\n    <creator>polylead</creator>\n");
    out.push_str("    <description>Advice network: an edge runs from the seeker to the person sought</description>\n");
    out.push_str("  </meta>\n");
    out.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
    out.push_str("    <attributes class=\"node\" mode=\"static\">\n");
    for (name, kind) in NODE_ATTRIBUTES {
        let _ = writeln!(out, "      <attribute id=\"{name}\" title=\"{name}\" type=\"{}\"/>", kind.gexf());
    }
    out.push_str("    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
    for (name, kind) in EDGE_ATTRIBUTES {
        let _ = writeln!(out, "      <attribute id=\"{name}\" title=\"{name}\" type=\"{}\"/>", kind.gexf());
    }
    out.push_str("    </attributes>\n    <nodes>\n");
    for node in &network.nodes {
        let label = node.values[0].as_deref().unwrap_or(node.id);
        let _ = writeln!(out, "      <node id=\"{}\" label=\"{}\">", escape(node.id), escape(label));
        attvalues(&mut out, NODE_ATTRIBUTES.iter().map(|(name, _)| *name).zip(&node.values));
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for edge in &network.edges {
        let tie = edge.tie;
        let _ = writeln!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" weight=\"{}\">",
            escape(tie.id.as_str()),
            escape(tie.seeker.as_str()),
            escape(tie.source.as_str()),
            tie.weight()
        );
        attvalues(&mut out, EDGE_ATTRIBUTES.iter().map(|(name, _)| *name).zip(&edge.values));
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

fn attvalues<'a>(out: &mut String, values: impl Iterator<Item = (&'a str, &'a Option<String>)>) {
    let present: Vec<(&str, &String)> = values.filter_map(|(name, value)| Some((name, value.as_ref()?))).collect();
    if present.is_empty() {
        return;
    }
    out.push_str("        <attvalues>\n");
    for (name, value) in present {
        let _ = writeln!(out, "          <attvalue for=\"{name}\" value=\"{}\"/>", escape(value));
    }
    out.push_str("        </attvalues>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_quotes_and_control_characters() {
        assert_eq!(escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(escape("Zoë\nline\u{1}"), "Zoë&#10;line\u{FFFD}");
    }

    #[test]
    fn empty_dataset_gives_well_formed_empty_graphs() {
        let data = Dataset::default();
        let graphml = to_graphml(&data, None);
        assert!(graphml.contains("<graph id=\"advice\" edgedefault=\"directed\">\n  </graph>"));
        let gexf = to_gexf(&data, None);
        assert!(gexf.contains("<nodes>\n    </nodes>"));
    }
}

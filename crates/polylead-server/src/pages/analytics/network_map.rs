//! The advice network map of the analytics page: the people most often sought for advice (a
//! few hundred at most, so the server-side layout stays fast), coloured by team, sized by how
//! often they were sought, with the ties among them.
//!
//! Person-level network measures are private (issue 6): with [`Names::Hidden`] the nodes carry
//! no name, id or link, only their team and size.

use std::collections::BTreeMap;

use polylead_chart::{Network, NetworkEdge, NetworkNode};
use polylead_core::analytics::Window;
use polylead_core::dataset::Dataset;
use polylead_core::ids::{PersonId, TeamId};

/// The most people the map shows.
pub const MAX_PEOPLE: usize = 300;
/// Teams with a colour of their own; the others share "Other teams".
pub const MAX_TEAMS: usize = 8;
/// The legend entry of everyone outside the coloured teams (or in no team).
pub const OTHER_TEAMS: &str = "Other teams";

/// Whether the map may name the people on it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Names {
    /// Names in tooltips and labels, each person a link to their page (admins).
    Shown,
    /// Anonymous dots (everyone else).
    Hidden,
}

/// The network to draw and what it leaves out.
#[derive(Debug)]
pub struct AdviceMap {
    pub network: Network,
    /// People with at least one advice tie among the members of the window.
    pub people_with_ties: usize,
}

/// The map of the advice ties (seeker → source) among people who were members in `window`:
/// the [`MAX_PEOPLE`] most sought (ties naming them as source; then by id), their ties to each
/// other (weight = number of ties), their teams as groups — the [`MAX_TEAMS`] teams with most
/// people on the map by name, the rest as [`OTHER_TEAMS`].
pub fn advice_map(data: &Dataset, window: &Window, names: Names) -> AdviceMap {
    let members: BTreeMap<&PersonId, &polylead_core::person::Person> =
        data.people.iter().filter(|p| window.had_member(p)).map(|p| (&p.id, p)).collect();
    let ties: Vec<(&PersonId, &PersonId)> = data
        .ties
        .iter()
        .filter(|tie| tie.seeker != tie.source)
        .filter(|tie| members.contains_key(&tie.seeker) && members.contains_key(&tie.source))
        .map(|tie| (&tie.seeker, &tie.source))
        .collect();
    let mut sought: BTreeMap<&PersonId, u32> = BTreeMap::new();
    for (seeker, source) in &ties {
        sought.entry(seeker).or_insert(0);
        *sought.entry(source).or_insert(0) += 1;
    }
    let people_with_ties = sought.len();
    let mut ranked: Vec<(&PersonId, u32)> = sought.into_iter().collect();
    ranked.sort_by(|(a, sa), (b, sb)| sb.cmp(sa).then_with(|| a.cmp(b)));
    ranked.truncate(MAX_PEOPLE);
    let index: BTreeMap<&PersonId, usize> = ranked.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();

    let team_of = |id: &PersonId| members.get(id).and_then(|p| p.team.as_ref());
    let mut per_team: BTreeMap<&TeamId, usize> = BTreeMap::new();
    for (id, _) in &ranked {
        if let Some(team) = team_of(id) {
            *per_team.entry(team).or_insert(0) += 1;
        }
    }
    let mut biggest: Vec<(&TeamId, usize)> = per_team.into_iter().collect();
    biggest.sort_by(|(a, na), (b, nb)| nb.cmp(na).then_with(|| a.cmp(b)));
    biggest.truncate(MAX_TEAMS);
    let team_names: BTreeMap<&TeamId, String> = data.teams.iter().map(|t| (&t.id, t.name.to_string())).collect();
    let mut groups: Vec<String> =
        biggest.iter().map(|(team, _)| team_names.get(team).cloned().unwrap_or_else(|| team.to_string())).collect();
    let group_of: BTreeMap<&TeamId, usize> = biggest.iter().enumerate().map(|(i, (team, _))| (*team, i)).collect();
    let other = groups.len();
    let nodes: Vec<NetworkNode> = ranked
        .iter()
        .enumerate()
        .map(|(i, (id, sought))| {
            let group = team_of(id).and_then(|team| group_of.get(team).copied()).unwrap_or(other);
            match names {
                Names::Shown => NetworkNode {
                    id: id.to_string(),
                    label: members.get(id).map_or_else(|| id.to_string(), |p| p.name.to_string()),
                    href: Some(format!("/people/{id}")),
                    group,
                    sought: *sought,
                },
                Names::Hidden => {
                    NetworkNode { id: format!("n{}", i + 1), label: String::new(), href: None, group, sought: *sought }
                }
            }
        })
        .collect();
    if nodes.iter().any(|node| node.group == other) {
        groups.push(OTHER_TEAMS.to_owned());
    }
    let mut weights: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (seeker, source) in &ties {
        if let (Some(&from), Some(&to)) = (index.get(seeker), index.get(source)) {
            *weights.entry((from, to)).or_insert(0.0) += 1.0;
        }
    }
    let edges = weights.into_iter().map(|((from, to), weight)| NetworkEdge { from, to, weight }).collect();
    AdviceMap { network: Network { nodes, edges, groups }, people_with_ties }
}

#[cfg(test)]
mod tests {
    use polylead_core::advice::{AdviceTie, TieOrigin};
    use polylead_core::person::Person;
    use polylead_core::team::Team;

    use super::*;

    fn person(id: &str, team: Option<&str>) -> Person {
        Person {
            id: id.parse().unwrap(),
            name: format!("Name of {id}").parse().unwrap(),
            email: None,
            skills: vec![],
            level: None,
            superior: None,
            team: team.map(|t| t.parse().unwrap()),
            joined: None,
            left: None,
        }
    }

    fn tie(id: &str, seeker: &str, source: &str) -> AdviceTie {
        AdviceTie {
            id: id.parse().unwrap(),
            seeker: seeker.parse().unwrap(),
            source: source.parse().unwrap(),
            subject: None,
            frequency: None,
            influence: None,
            origin: TieOrigin::Survey,
            wave: None,
        }
    }

    fn window() -> Window {
        Window::ending(jiff::Timestamp::from_second(1_800_000_000).unwrap(), 90)
    }

    fn teams(count: usize) -> Vec<Team> {
        (0..count)
            .map(|i| Team {
                id: format!("t{i}").parse().unwrap(),
                name: format!("Team {i}").parse().unwrap(),
                purpose: None,
                parent: None,
            })
            .collect()
    }

    #[test]
    fn people_are_ranked_by_how_often_they_are_sought_and_ties_add_up() {
        let data = Dataset {
            people: vec![person("a", Some("t0")), person("b", Some("t1")), person("c", None), person("d", None)],
            teams: teams(2),
            ties: vec![
                tie("1", "a", "b"),
                tie("2", "c", "b"),
                tie("3", "a", "b"),
                tie("4", "b", "c"),
                tie("5", "d", "d"),
            ],
            ..Dataset::default()
        };
        let map = advice_map(&data, &window(), Names::Shown);
        let ids: Vec<&str> = map.network.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"], "d's only tie is to themselves");
        assert_eq!(map.people_with_ties, 3);
        assert_eq!(map.network.nodes[0].sought, 3);
        assert_eq!(map.network.nodes[0].label, "Name of b");
        assert_eq!(map.network.nodes[0].href.as_deref(), Some("/people/b"));
        assert_eq!(map.network.groups, ["Team 0", "Team 1", OTHER_TEAMS]);
        assert_eq!((map.network.nodes[0].group, map.network.nodes[1].group), (1, 2));
        let a_to_b = map.network.edges.iter().find(|e| (e.from, e.to) == (2, 0)).unwrap();
        assert_eq!(a_to_b.weight, 2.0);
        assert_eq!(map.network.edges.len(), 3);
    }

    #[test]
    fn hidden_names_leave_anonymous_dots_with_their_team() {
        let data = Dataset {
            people: vec![person("a", Some("t0")), person("b", Some("t0"))],
            teams: teams(1),
            ties: vec![tie("1", "a", "b")],
            ..Dataset::default()
        };
        let map = advice_map(&data, &window(), Names::Hidden);
        for node in &map.network.nodes {
            assert!(node.label.is_empty() && node.href.is_none(), "{node:?}");
            assert!(node.id.starts_with('n'), "{node:?}");
        }
        assert_eq!(map.network.groups, ["Team 0"]);
    }

    #[test]
    fn at_most_the_top_people_and_teams_are_shown() {
        let people: Vec<Person> =
            (0..MAX_PEOPLE + 20).map(|i| person(&format!("p{i:03}"), Some(&format!("t{}", i % 12)))).collect();
        let ties = (1..people.len()).map(|i| tie(&format!("x{i}"), people[i].id.as_str(), "p000")).collect();
        let data = Dataset { people, teams: teams(12), ties, ..Dataset::default() };
        let map = advice_map(&data, &window(), Names::Shown);
        assert_eq!(map.network.nodes.len(), MAX_PEOPLE);
        assert_eq!(map.people_with_ties, MAX_PEOPLE + 20);
        assert_eq!(map.network.nodes[0].id, "p000");
        assert_eq!(map.network.groups.len(), MAX_TEAMS + 1);
        assert_eq!(map.network.groups.last().map(String::as_str), Some(OTHER_TEAMS));
        assert!(
            polylead_chart::render_network(
                &polylead_chart::Caption { id: "m".into(), title: "t".into(), description: "d".into() },
                &map.network,
                &polylead_chart::ForceSettings::default()
            )
            .is_ok()
        );
    }
}

//! Assembling the report from the analytics and network functions.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::meaning as m;
use super::{Bottleneck, InformalLeadership, PersonRef, Report, ReportSettings, SinglePoint, SoughtPerson, TeamGap};
use crate::act::Act;
use crate::advice::AdviceTie;
use crate::analytics::appropriateness::appropriateness;
use crate::analytics::bottleneck::{BottleneckThresholds, bottlenecks, queue_items};
use crate::analytics::coverage::{Threshold, coverage_by_team};
use crate::analytics::forms::forms;
use crate::analytics::inequality::{entropy, gini, top_share};
use crate::analytics::latency::decision_latency;
use crate::analytics::outcomes::engagement;
use crate::analytics::truck_factor::{DeliveryCredit, truck_factors};
use crate::analytics::{ActivityCounts, Credit, PeopleIndex, Window};
use crate::dataset::Dataset;
use crate::decision::Decision;
use crate::domain::Party;
use crate::ids::{DomainId, PersonId, TeamId};
use crate::metric::{Metric, Undefined};
use crate::network::centralization::{DegreeMode, betweenness, betweenness_centralization, degree_centralization};
use crate::network::formal::{Spread, formal_tie_coverage, informal_leaders, pearson, spearman};
use crate::network::fragmentation::{
    KeyPlayerObjective, KeyPlayerOptions, Search, distance_fragmentation, key_players,
};
use crate::network::hierarchy::hierarchy;
use crate::network::mixing::ei_index;
use crate::network::reciprocity::reciprocity;
use crate::network::{Digraph, Estimate, Method, NodeMask};
use crate::rights::Organisation;
use crate::role::Contribution;

/// The acts each eligible person of the report's window performed (as actor), one value per
/// person in id order, zeros included: the input of the report's activity figures (Gini*, N_eff,
/// top share, engagement) and of a Lorenz curve of them.
pub fn acts_per_eligible_person(data: &Dataset, settings: &ReportSettings) -> Vec<f64> {
    let window = Window::ending(settings.window_end, i64::from(settings.window_days));
    let organisation = Organisation::new(data);
    let eligible = eligible_people(data, settings, &window, &organisation);
    let acts = acts_of(data, settings, &eligible);
    ActivityCounts::count(&eligible, &acts, &window, Credit::Actor).totals()
}

/// Members at any time in the window, restricted to the settings' team and its nested teams.
fn eligible_people(
    data: &Dataset,
    settings: &ReportSettings,
    window: &Window,
    organisation: &Organisation,
) -> PeopleIndex {
    PeopleIndex::new(
        data.people
            .iter()
            .filter(|p| window.had_member(p) && in_team(settings, organisation, p.team.as_ref()))
            .map(|p| &p.id),
    )
}

/// Whether a person or team in `team` is inside the settings' team (always, without one).
fn in_team(settings: &ReportSettings, organisation: &Organisation, team: Option<&TeamId>) -> bool {
    match (&settings.team, team) {
        (None, _) => true,
        (Some(outer), Some(inner)) => organisation.within(inner, outer),
        (Some(_), None) => false,
    }
}

/// The acts the activity figures count: all of them, or those of the eligible people when the
/// report is restricted to a team.
fn acts_of<'a>(data: &'a Dataset, settings: &ReportSettings, eligible: &PeopleIndex) -> Cow<'a, [Act]> {
    if settings.team.is_some() {
        Cow::Owned(data.acts.iter().filter(|act| eligible.index_of(&act.actor).is_some()).cloned().collect())
    } else {
        Cow::Borrowed(&data.acts)
    }
}

pub(super) fn build(data: &Dataset, settings: &ReportSettings) -> Report {
    let window = Window::ending(settings.window_end, i64::from(settings.window_days));
    let organisation = Organisation::new(data);
    let names: BTreeMap<&PersonId, &str> = data.people.iter().map(|p| (&p.id, p.name.as_str())).collect();
    let person_ref = |id: &PersonId| PersonRef {
        id: id.clone(),
        name: names.get(id).map_or_else(|| id.to_string(), |name| (*name).to_owned()),
    };
    let mut figures = Vec::new();

    // Activity (M1–M3, M20) over the eligible population, zeros included.
    let eligible = eligible_people(data, settings, &window, &organisation);
    let acts = acts_of(data, settings, &eligible);
    let acts: &[Act] = &acts;
    let counts = ActivityCounts::count(&eligible, acts, &window, Credit::Actor);
    let values = counts.totals();
    let population = eligible.len();
    figures.push(m::effective_leaders(entropy(&values).map(|e| e.effective_leaders), population));
    figures.push(m::gini(gini(&values).map(|g| g.normalised)));
    figures.push(m::top_share(top_share(&values, 20).map(|t| (t.share, t.people))));
    figures.push(m::engagement(engagement(&values), population));

    // The advice network (M4–M8, M10) over members in the window.
    let (members, advice, union) = networks(data, &window);
    let people_of: BTreeMap<&PersonId, &crate::person::Person> = data.people.iter().map(|p| (&p.id, p)).collect();
    let person_at = |index: u32| members.id(index).and_then(|id| people_of.get(id).copied());
    figures.push(m::in_centralization(degree_centralization(&advice, DegreeMode::In)));
    figures.push(m::betweenness(betweenness_centralization(&betweenness(&advice, &settings.sampling))));
    figures.push(m::reciprocity(reciprocity(&advice)));
    let mut team_numbers: BTreeMap<&TeamId, u32> = BTreeMap::new();
    for person in &data.people {
        if let Some(team) = &person.team {
            let next = team_numbers.len() as u32;
            team_numbers.entry(team).or_insert(next);
        }
    }
    let groups: Vec<Option<u32>> = advice
        .nodes()
        .map(|v| person_at(v).and_then(|p| p.team.as_ref()).and_then(|t| team_numbers.get(t).copied()))
        .collect();
    let ei = ei_index(&advice, &groups);
    let ei = ei.as_ref().map(|ei| (ei.value, ei.expected)).map_err(|u| *u);
    figures.push(m::ei(ei));
    figures.push(m::ei_expected(ei));
    figures.push(m::hierarchy(hierarchy(&advice)));

    // Formal against informal (M10).
    let in_degrees = advice.in_degrees();
    let (mut degree_series, mut level_series) = (Vec::new(), Vec::new());
    for v in advice.nodes() {
        if let Some(level) = person_at(v).and_then(|p| p.level) {
            degree_series.push(in_degrees[v as usize] as f64);
            level_series.push(f64::from(level));
        }
    }
    let no_levels =
        |metric: Metric<f64>| if level_series.is_empty() && population > 0 { Err(Undefined::Empty) } else { metric };
    let level_pearson = no_ties_first(&advice, no_levels(pearson(&degree_series, &level_series)));
    figures.push(m::level_correlation(
        "level_pearson",
        "Advice in-degree vs formal level, Pearson (M10a)",
        level_pearson,
    ));
    figures.push(m::level_correlation(
        "level_spearman",
        "Advice in-degree vs formal level, Spearman (M10a)",
        no_ties_first(&advice, no_levels(spearman(&degree_series, &level_series))),
    ));
    let reports_to = Digraph::from_edges(
        members.len() as u32,
        advice.nodes().filter_map(|v| Some((v, members.index_of(person_at(v)?.superior.as_ref()?)?))),
    )
    .unwrap_or_else(|_| empty_graph());
    let coverage = formal_tie_coverage(&advice, &reports_to);
    figures.push(m::formal_coverage(coverage.map(|c| (c.share, c.covered, c.total))));
    let formal_people = formal_people(data, &organisation, settings);
    let formal: BTreeSet<u32> = formal_people.iter().filter_map(|id| members.index_of(id)).collect();
    let leaders = informal_leaders(&advice, &formal, Spread::Population);
    figures.push(m::informal_leaders(leaders.as_ref().map(|l| l.informal.len()).map_err(|u| *u)));
    let informal_leadership = InformalLeadership {
        cutoff: leaders.as_ref().map(|l| l.cutoff).map_err(|u| *u),
        sought: {
            let mut sought: Vec<SoughtPerson> = leaders
                .as_ref()
                .map(|l| l.above_cutoff.clone())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|v| {
                    Some(SoughtPerson {
                        person: person_ref(members.id(v)?),
                        in_degree: in_degrees[v as usize],
                        formal: formal.contains(&v),
                    })
                })
                .collect();
            // Informal leaders first, then the most sought out.
            sought.sort_by(|a, b| (a.formal, b.in_degree, &a.person.id).cmp(&(b.formal, a.in_degree, &b.person.id)));
            sought
        },
        verdict: m::verdict(&level_pearson, leaders.as_ref().ok().map(|l| (l.informal.len(), l.above_cutoff.len()))),
    };

    // Decisions (M11–M14): decided in the window, or open at its end.
    let decisions = decisions_alive_in(&data.decisions, &window);
    let decided: Vec<Decision> = decisions.iter().filter(|d| d.decided_at.is_some()).cloned().collect();
    let latency = decision_latency(&decisions, window.to());
    figures.push(m::latency_median(
        latency.as_ref().map_err(|u| *u).and_then(|l| l.median),
        latency.as_ref().map(|l| l.decided).unwrap_or(0),
    ));
    figures.push(m::latency_km(
        latency.as_ref().map_err(|u| *u).and_then(|l| l.km_median),
        latency.as_ref().map(|l| l.open).unwrap_or(0),
    ));
    let accountable = accountable(data, &organisation, window.to());
    let fit = appropriateness(&decided, &accountable, &data.delegations, &data.people, &BTreeMap::new());
    figures.push(m::appropriateness(fit.rate, fit.decisions, fit.undefined_rights_decisions));
    figures.push(m::escalation(fit.escalation_index));
    let assignees: BTreeMap<_, _> = decisions
        .iter()
        .filter(|d| d.decider.is_none())
        .filter_map(|d| {
            let holders = accountable.get(&d.domain)?;
            (holders.len() == 1).then(|| Some((d.id.clone(), holders.iter().next()?.clone())))?
        })
        .collect();
    let thresholds = BottleneckThresholds::default();
    let loads = bottlenecks(&queue_items(&decisions, &assignees), &window, thresholds);
    let measured = loads.by_decider.values().filter(|load| load.is_ok()).count();
    let mut flagged: Vec<Bottleneck> = loads
        .by_decider
        .iter()
        .filter_map(|(id, load)| {
            let load = load.as_ref().ok().filter(|load| !load.flags.is_empty())?;
            Some(Bottleneck {
                person: person_ref(id),
                utilisation: load.utilisation,
                unstable: load.unstable,
                expected_wait_days: load.expected_wait,
                flags: load.flags.clone(),
            })
        })
        .collect();
    flagged.sort_by(|a, b| b.utilisation.total_cmp(&a.utilisation).then_with(|| a.person.id.cmp(&b.person.id)));
    figures.push(m::bottlenecks(flagged.len(), measured, loads.by_decider.len(), thresholds));
    let owners = sole_owners(&accountable);
    let domain_ids: Vec<DomainId> = data.domains.iter().map(|d| d.id.clone()).collect();
    let tf = truck_factors(&domain_ids, &decided, &data.responses, &owners, DeliveryCredit::DecidersOnly);
    let single_points: Vec<SinglePoint> = tf
        .by_domain
        .iter()
        .filter_map(|(domain, tf)| {
            let tf = tf.as_ref().ok().filter(|tf| tf.value == 1)?;
            Some(SinglePoint {
                domain: domain.clone(),
                domain_name: organisation.domain(domain).map_or_else(|| domain.to_string(), |d| d.name.to_string()),
                person: tf.removed.first().map(&person_ref),
            })
        })
        .collect();
    let measured_domains = tf.by_domain.values().filter(|tf| tf.is_ok()).count();
    figures.push(m::truck_factor(tf.organisation.as_ref().map(|tf| tf.value).map_err(|u| *u), measured_domains));
    figures.push(m::single_points(
        if measured_domains == 0 { Err(Undefined::NoActs) } else { Ok(single_points.len()) },
        measured_domains,
    ));

    // What breaks if people leave (M15), on the undirected advice ∪ acts network.
    let options = KeyPlayerOptions {
        max_set_size: 1,
        exhaustive_up_to: settings.key_player_exhaustive_up_to,
        sampling: settings.key_player_sampling,
        ..KeyPlayerOptions::default()
    };
    let players = if union.edge_count() == 0 && union.node_count() > 0 {
        Err(Undefined::NoTies)
    } else {
        key_players(&union, KeyPlayerObjective::DistanceFragmentation, &options)
    };
    figures.push(m::fragmentation(players.as_ref().map(|p| p.baseline_fragmentation).map_err(|u| *u)));
    let intact = NodeMask::keep_all(union.node_count());
    let baseline_df = match &players {
        Err(reason) => Err(*reason),
        Ok(_) => distance_fragmentation(&union, &intact, &settings.sampling),
    };
    figures.push(m::distance_fragmentation(baseline_df));
    let best = players.as_ref().map_err(|u| *u).and_then(|p| {
        let set = p.best.first().ok_or(Undefined::NTooSmall)?;
        let person = set.nodes.first().and_then(|&v| members.id(v)).map(&person_ref);
        let delta = set.distance_fragmentation.value - p.baseline_distance_fragmentation.value;
        Ok((delta, person, set.search, method_note(&set.distance_fragmentation)))
    });
    figures.push(m::key_player(best));

    // Teams (M17) and forms of distribution (M18).
    let leads = team_leads(data);
    let coverage = coverage_by_team(&data.people, acts, &window, &leads, Threshold::default());
    let mut covered_teams = 0;
    let mut measured_teams = 0;
    let mut teams_missing_types = Vec::new();
    for (team, result) in &coverage {
        if !in_team(settings, &organisation, Some(team)) {
            continue;
        }
        let Ok(team_coverage) = result else { continue };
        measured_teams += 1;
        let missing: Vec<Contribution> = Contribution::ALL
            .iter()
            .zip(team_coverage.acts)
            .filter(|(_, count)| *count == 0)
            .map(|(kind, _)| *kind)
            .collect();
        if missing.is_empty() {
            covered_teams += 1;
        } else {
            teams_missing_types.push(TeamGap {
                team: team.clone(),
                team_name: organisation.team(team).map_or_else(|| team.to_string(), |t| t.name.to_string()),
                members: team_coverage.members,
                coverage: team_coverage.coverage,
                missing,
            });
        }
    }
    figures.push(m::team_coverage(
        if measured_teams == 0 {
            Err(if population == 0 { Undefined::Empty } else { Undefined::NTooSmall })
        } else {
            Ok(covered_teams as f64 / measured_teams as f64)
        },
        measured_teams,
    ));
    let forms = forms(acts, &window, 7);
    figures.push(m::co_performance(forms.as_ref().map(|f| f.co_performance_rate).map_err(|u| *u)));
    let shares = forms.as_ref().map_err(|u| *u).and_then(|f| f.shares);
    for (position, (key, label)) in [
        ("form_collaborated", "Routines collaborated (M18)"),
        ("form_collective", "Routines collective (M18)"),
        ("form_coordinated", "Routines coordinated (M18)"),
        ("form_solo", "Routines solo (M18)"),
    ]
    .into_iter()
    .enumerate()
    {
        figures.push(m::form_share(key, label, shares.map(|s| s[position])));
    }

    Report {
        window,
        team: settings.team.clone(),
        population,
        network_people: members.len(),
        figures,
        bottlenecks: flagged,
        single_points,
        teams_missing_types,
        informal_leadership,
    }
}

/// Node indices come from the same index as the node count, so the fall-back never happens.
fn empty_graph() -> Digraph {
    Digraph::default()
}

/// The advice network `A` over `members`: seeker → source, ties with an end outside `members`
/// left out (parallel ties merged by [`Digraph`]).
pub(crate) fn advice_graph(ties: &[AdviceTie], members: &PeopleIndex) -> Digraph {
    Digraph::from_edges(
        members.len() as u32,
        ties.iter().filter_map(|tie| Some((members.index_of(&tie.seeker)?, members.index_of(&tie.source)?))),
    )
    .unwrap_or_else(|_| empty_graph())
}

/// The decisions of a window: decided in it, or open at its end (a decision decided after the
/// window is open as seen from the window).
pub(crate) fn decisions_alive_in(decisions: &[Decision], window: &Window) -> Vec<Decision> {
    decisions
        .iter()
        .filter(|d| d.created_at < window.to() && d.decided_at.is_none_or(|at| at >= window.from()))
        .map(|d| {
            let mut d = d.clone();
            if d.decided_at.is_some_and(|at| at >= window.to()) {
                d.decided_at = None;
            }
            d
        })
        .collect()
}

/// With people but no advice ties, a correlation of in-degree is about missing ties.
fn no_ties_first(advice: &Digraph, metric: Metric<f64>) -> Metric<f64> {
    if advice.node_count() > 0 && advice.edge_count() == 0 { Err(Undefined::NoTies) } else { metric }
}

/// The advice network (seeker → source) of the window's members, and its union with the
/// window's leadership-act ties (M15's `A ∪ L`), both on the members' indices.
pub(crate) fn networks(data: &Dataset, window: &Window) -> (PeopleIndex, Digraph, Digraph) {
    let members = PeopleIndex::members(&data.people, window);
    let advice = advice_graph(&data.ties, &members);
    let acted = act_ties(&data.acts, window, &members);
    let union =
        Digraph::from_edges(members.len() as u32, advice.edges().chain(acted)).unwrap_or_else(|_| empty_graph());
    (members, advice, union)
}

/// The designated owner of each domain with exactly one accountable person (M14's FA).
pub(crate) fn sole_owners(accountable: &BTreeMap<DomainId, BTreeSet<PersonId>>) -> BTreeMap<DomainId, PersonId> {
    accountable
        .iter()
        .filter(|(_, holders)| holders.len() == 1)
        .filter_map(|(domain, holders)| Some((domain.clone(), holders.iter().next()?.clone())))
        .collect()
}

/// `Acc(d)`: the people the deciders of the domain's rules stand for at `at` (the holder when the
/// domain has no rules).
pub(crate) fn accountable(
    data: &Dataset,
    organisation: &Organisation,
    at: jiff::Timestamp,
) -> BTreeMap<DomainId, BTreeSet<PersonId>> {
    data.domains
        .iter()
        .map(|domain| {
            let rules = organisation.rules(&domain.id);
            let parties: Vec<&Party> =
                if rules.is_empty() { vec![&Party::Holder] } else { rules.iter().map(|rule| &rule.decider).collect() };
            let people: BTreeSet<PersonId> =
                parties.into_iter().flat_map(|party| organisation.people_of(party, domain, at)).collect();
            (domain.id.clone(), people)
        })
        .collect()
}

/// People with a formal role, a decision right (a rule's decider or a delegation in force), or
/// someone reporting to them.
fn formal_people(data: &Dataset, organisation: &Organisation, settings: &ReportSettings) -> BTreeSet<PersonId> {
    let at = settings.window_end;
    let mut formal: BTreeSet<PersonId> = data.fillers.iter().map(|filler| filler.person.clone()).collect();
    formal.extend(data.people.iter().filter_map(|person| person.superior.clone()));
    for people in accountable(data, organisation, at).into_values() {
        formal.extend(people);
    }
    formal
        .extend(data.delegations.iter().filter(|delegation| delegation.is_in_force_at(at)).map(|d| d.delegate.clone()));
    formal
}

/// Leadership-act ties (`L`): actor with each co-actor and target, acts in the window.
fn act_ties<'a>(
    acts: &'a [Act],
    window: &'a Window,
    members: &'a PeopleIndex,
) -> impl Iterator<Item = (u32, u32)> + 'a {
    acts.iter().filter(|act| window.contains(act.started_at)).flat_map(move |act| {
        let actor = members.index_of(&act.actor);
        act.co_actors.iter().chain(&act.targets).filter_map(move |other| Some((actor?, members.index_of(other)?)))
    })
}

/// Each team's formal lead: its one member whose superior is outside the team (or absent).
fn team_leads(data: &Dataset) -> BTreeMap<TeamId, PersonId> {
    let team_of: BTreeMap<&PersonId, Option<&TeamId>> = data.people.iter().map(|p| (&p.id, p.team.as_ref())).collect();
    let mut heads: BTreeMap<&TeamId, Vec<&PersonId>> = BTreeMap::new();
    for person in &data.people {
        let Some(team) = &person.team else { continue };
        let superior_team = person.superior.as_ref().and_then(|s| team_of.get(s).copied().flatten());
        if superior_team != Some(team) {
            heads.entry(team).or_default().push(&person.id);
        }
    }
    heads
        .into_iter()
        .filter(|(_, heads)| heads.len() == 1)
        .filter_map(|(team, heads)| Some((team.clone(), (*heads.first()?).clone())))
        .collect()
}

/// A short note on how an estimate was obtained.
pub(crate) fn method_note(estimate: &Estimate) -> Option<String> {
    match estimate.method {
        Method::Exact => None,
        Method::Sampled { pivots, confidence, error_bound, .. } => Some(format!(
            "estimated from {pivots} sampled people: within ±{error_bound:.3} with {:.0}% confidence",
            confidence * 100.0
        )),
    }
}

pub(crate) fn search_note(search: Search) -> Option<String> {
    match search {
        Search::Exhaustive => None,
        Search::GreedySwap { candidate_pool } => {
            Some(format!("greedy search among the {candidate_pool} best-connected people: may not be optimal"))
        }
    }
}

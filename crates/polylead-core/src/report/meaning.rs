//! Each headline figure's key, label and the one line saying what its value means.
//! Cut-offs in these sentences are reading aids, not findings of METRICS.md.

use super::build::{method_note, search_note};
use super::{Figure, PersonRef};
use crate::analytics::bottleneck::BottleneckThresholds;
use crate::metric::{Metric, Undefined};
use crate::network::Estimate;
use crate::network::fragmentation::Search;

fn figure(key: &'static str, label: &'static str, value: Metric<f64>, meaning: impl FnOnce(f64) -> String) -> Figure {
    let meaning = match value {
        Ok(value) => meaning(value),
        Err(reason) => undefined(reason),
    };
    Figure { key, label, value, meaning, note: None }
}

fn with_note(mut figure: Figure, note: Option<String>) -> Figure {
    figure.note = note;
    figure
}

/// The meaning line of an undefined figure.
pub(super) fn undefined(reason: Undefined) -> String {
    format!("not measured: {} ({})", reason.explanation(), reason.code())
}

fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.01 { format!("{:.1}%", share * 100.0) } else { format!("{:.0}%", share * 100.0) }
}

pub(super) fn effective_leaders(value: Metric<f64>, population: usize) -> Figure {
    figure("effective_leaders", "Effective number of leaders (M3)", value, |n| {
        format!(
            "leadership is spread as if {n:.1} of the {population} people shared it equally ({} of them)",
            percent(n / population.max(1) as f64)
        )
    })
}

pub(super) fn gini(value: Metric<f64>) -> Figure {
    figure("gini", "Gini* of leadership acts (M1)", value, |g| {
        let reading = match g {
            g if g < 0.3 => "acts are spread fairly evenly",
            g if g < 0.6 => "acts are moderately concentrated",
            _ => "acts are concentrated in a few people",
        };
        format!("{reading} (0 = everyone equally active, 1 = one person does everything)")
    })
}

pub(super) fn top_share(value: Metric<(f64, usize)>) -> Figure {
    let people = value.map(|(_, people)| people).unwrap_or(0);
    figure("top20_share", "Share of acts by the most active 20% (M2)", value.map(|(share, _)| share), |share| {
        format!(
            "the {people} most active people carry {} of all leadership acts (20% if perfectly even)",
            percent(share)
        )
    })
}

pub(super) fn engagement(value: Metric<f64>, population: usize) -> Figure {
    figure("engagement", "Engagement: people with at least one act (M20)", value, |share| {
        let active = (share * population as f64).round();
        format!("{active:.0} of {population} people ({}) took at least one leadership act", percent(share))
    })
}

pub(super) fn in_centralization(value: Metric<f64>) -> Figure {
    figure("advice_in_centralization", "Advice in-degree centralization (M4)", value, |c| {
        let reading = match c {
            c if c < 0.2 => "advice is sought from many people",
            c if c < 0.5 => "advice-seeking leans towards a few people",
            _ => "advice-seeking is centred on very few people",
        };
        format!("{reading} (0 = everyone sought equally, 1 = one person sought by all)")
    })
}

pub(super) fn betweenness(value: Metric<Estimate>) -> Figure {
    let note = value.as_ref().ok().and_then(method_note);
    with_note(
        figure("betweenness_centralization", "Betweenness centralization (M5)", value.map(|e| e.value), |c| {
            let reading = if c < 0.2 {
                "no single broker controls the flow of advice"
            } else {
                "a few brokers sit on most advice paths"
            };
            format!("{reading} (1 = one person lies on every path)")
        }),
        note,
    )
}

pub(super) fn reciprocity(value: Metric<f64>) -> Figure {
    figure("reciprocity", "Reciprocity of advice (M7)", value, |r| {
        format!("{} of advice ties are returned: advice runs both ways that often", percent(r))
    })
}

pub(super) fn ei(value: Metric<(f64, f64)>) -> Figure {
    let expected = value.map(|(_, expected)| expected);
    let mut figure = figure("ei_index", "E-I index of advice by team (M8)", value.map(|(ei, _)| ei), |ei| {
        let expected = expected.unwrap_or(0.0);
        let reading = if ei > expected + 0.05 {
            "advice crosses team lines more than chance would"
        } else if ei < expected - 0.05 {
            "advice stays inside teams more than chance would"
        } else {
            "advice crosses team lines about as often as chance would"
        };
        format!("{reading} (expected {expected:.4} if ties fell at random; −1 = all within teams, +1 = all between)")
    });
    if let Ok(expected) = expected {
        figure.note = Some(format!("expected value {expected:.4}"));
    }
    figure
}

pub(super) fn ei_expected(value: Metric<(f64, f64)>) -> Figure {
    figure("ei_expected", "E-I index expected by chance (M8)", value.map(|(_, expected)| expected), |expected| {
        format!("with these team sizes, randomly placed ties would give an E-I of {expected:.4}")
    })
}

pub(super) fn hierarchy(value: Metric<f64>) -> Figure {
    figure("hierarchy", "Krackhardt hierarchy of advice (M6)", value, |h| {
        if h < 0.2 {
            "advice flows in cycles rather than down a ladder: little hierarchy".to_owned()
        } else if h < 0.7 {
            "advice partly flows one way, partly in cycles".to_owned()
        } else {
            "advice flows one way, like a chain of command".to_owned()
        }
    })
}

pub(super) fn level_correlation(key: &'static str, label: &'static str, value: Metric<f64>) -> Figure {
    figure(key, label, value, |r| {
        // Level 0 is the top, so a negative r means the higher up, the more sought out.
        if r <= -0.3 {
            "people higher in the hierarchy are sought out for advice more: informal follows formal".to_owned()
        } else if r >= 0.3 {
            "people lower in the hierarchy are sought out more: informal leadership runs against the chart".to_owned()
        } else {
            "being sought out for advice hardly depends on formal level".to_owned()
        }
    })
}

pub(super) fn formal_coverage(value: Metric<(f64, u64, u64)>) -> Figure {
    let counts = value.map(|(_, covered, total)| (covered, total));
    figure("formal_tie_coverage", "Reporting lines that carry advice (M10c)", value.map(|(share, _, _)| share), |s| {
        let (covered, total) = counts.unwrap_or((0, 0));
        format!("{covered} of {total} people ask their formal superior for advice ({})", percent(s))
    })
}

pub(super) fn informal_leaders(value: Metric<usize>) -> Figure {
    figure(
        "informal_leaders",
        "Informal leaders: much sought out, no formal role or right (M10d)",
        value.map(|n| n as f64),
        |n| match n as usize {
            0 => "everyone sought out far above average holds a formal role or right".to_owned(),
            1 => "one person is sought out far above average without any formal role or right".to_owned(),
            n => format!("{n} people are sought out far above average without any formal role or right"),
        },
    )
}

/// One sentence on whether informal leadership follows the org chart.
pub(super) fn verdict(pearson: &Metric<f64>, informal: Option<(usize, usize)>) -> String {
    let leaders = match informal {
        Some((0, 0)) | None => String::new(),
        Some((0, above)) => format!("; all {above} most sought-out people hold formal positions"),
        Some((informal, above)) => {
            let verb = if informal == 1 { "holds" } else { "hold" };
            format!("; {informal} of the {above} most sought-out people {verb} no formal role or right")
        }
    };
    match pearson {
        Ok(r) if *r <= -0.3 => format!("Informal leadership follows the org chart (r = {r:.2}){leaders}."),
        Ok(r) if *r >= 0.3 => format!("Informal leadership runs against the org chart (r = {r:.2}){leaders}."),
        Ok(r) => format!("Informal leadership is largely independent of the org chart (r = {r:.2}){leaders}."),
        Err(reason) => {
            format!("Cannot tell whether informal leadership follows the org chart: {}.", undefined(*reason))
        }
    }
}

pub(super) fn latency_median(value: Metric<f64>, decided: usize) -> Figure {
    figure("latency_median_days", "Median decision latency in days (M11)", value, |days| {
        format!("half of the {decided} decisions taken were decided within {days:.1} days of being raised")
    })
}

pub(super) fn latency_km(value: Metric<f64>, open: usize) -> Figure {
    figure("latency_km_median_days", "Median latency counting open decisions, Kaplan-Meier (M11)", value, |days| {
        format!("counting the {open} still open, half of all decisions take {days:.1} days or less")
    })
}

pub(super) fn appropriateness(value: Metric<f64>, decisions: usize, undefined_rights: usize) -> Figure {
    let mut figure = figure("appropriateness", "Decided by the accountable person (M12)", value, |rate| {
        format!("{} of {decisions} decisions were taken by someone holding the right (or a delegation)", percent(rate))
    });
    if undefined_rights > 0 {
        figure.note = Some(format!("{undefined_rights} decisions in domains nobody is accountable for are left out"));
    }
    figure
}

pub(super) fn escalation(value: Metric<f64>) -> Figure {
    figure("escalation_index", "Escalation index in levels (M12)", value, |ex| {
        if ex > 0.1 {
            format!("decisions are taken {ex:.2} levels higher than designed, on average")
        } else if ex < -0.1 {
            format!("decisions are taken {:.2} levels lower than designed, on average", -ex)
        } else {
            "decisions are taken at the level designed".to_owned()
        }
    })
}

pub(super) fn bottlenecks(
    flagged: usize,
    measured: usize,
    deciders: usize,
    thresholds: BottleneckThresholds,
) -> Figure {
    let value = match (measured, deciders) {
        (0, 0) => Err(Undefined::NoActs),
        (0, _) => Err(Undefined::NTooSmall),
        _ => Ok(flagged as f64),
    };
    let mut figure = figure("bottlenecks", "Bottleneck deciders flagged (M13)", value, |_| match flagged {
        0 => format!("none of the {measured} busy deciders is overloaded"),
        n => format!("{n} of {measured} busy deciders are overloaded: decisions queue up at them"),
    });
    figure.note = Some(format!(
        "flag when utilisation ≥ {}, the queue grows (p < {}), or waiting share ≥ {} × decision share; deciders \
         with fewer than {} completions are not measured",
        thresholds.utilisation, thresholds.trend_p_value, thresholds.waiting_ratio, thresholds.min_completions
    ));
    figure
}

pub(super) fn truck_factor(value: Metric<usize>, domains: usize) -> Figure {
    let mut figure = figure("truck_factor", "Organisation truck factor (M14)", value.map(|n| n as f64), |tf| {
        format!(
            "losing {tf:.0} key decider(s) would leave most of the {domains} active decision domains without anyone \
             who knows them"
        )
    });
    figure.note = Some("degree-of-authorship weights as published (Avelino et al. 2016), not yet recalibrated".into());
    figure
}

pub(super) fn single_points(value: Metric<usize>, domains: usize) -> Figure {
    figure("single_point_domains", "Domains depending on one person (M14)", value.map(|n| n as f64), |n| {
        match n as usize {
            0 => format!("every one of the {domains} active domains has more than one person who knows it"),
            n => format!("{n} of {domains} active domains would be left with nobody who knows them if one person left"),
        }
    })
}

pub(super) fn fragmentation(value: Metric<f64>) -> Figure {
    figure("fragmentation", "Fragmentation F (M15)", value, |f| {
        if f == 0.0 {
            "everyone can reach everyone through advice and shared acts".to_owned()
        } else {
            format!("{} of pairs of people cannot reach each other at all", percent(f))
        }
    })
}

pub(super) fn distance_fragmentation(value: Metric<Estimate>) -> Figure {
    let note = value.as_ref().ok().and_then(method_note);
    with_note(
        figure("distance_fragmentation", "Distance fragmentation DF (M15)", value.map(|e| e.value), |df| {
            format!("pairs are {df:.2} of the way from fully connected (0) to unreachable (1), counting distance")
        }),
        note,
    )
}

pub(super) fn key_player(value: Metric<(f64, Option<PersonRef>, Search, Option<String>)>) -> Figure {
    let note = value.as_ref().ok().and_then(|(_, _, search, sampled)| {
        let notes: Vec<String> = search_note(*search).into_iter().chain(sampled.clone()).collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    });
    let person = value.as_ref().ok().and_then(|(_, person, _, _)| person.clone());
    with_note(
        figure(
            "key_player_delta",
            "Rise in DF if the single key player left (M15)",
            value.map(|(delta, _, _, _)| delta),
            |delta| {
                let who = person.map_or_else(|| "the key player".to_owned(), |p| format!("{} ({})", p.name, p.id));
                if delta < 0.02 {
                    format!("no single departure breaks the network; the largest effect, {who}'s, adds {delta:.3}")
                } else {
                    format!("if {who} left, DF would rise by {delta:.3}: leadership still hinges on them")
                }
            },
        ),
        note,
    )
}

pub(super) fn team_coverage(value: Metric<f64>, teams: usize) -> Figure {
    figure("team_full_coverage", "Teams covering all five contribution types (M17)", value, |share| {
        let covered = (share * teams as f64).round();
        format!("{covered:.0} of {teams} teams showed all five kinds of leadership in the window")
    })
}

pub(super) fn co_performance(value: Metric<f64>) -> Figure {
    figure("co_performance_rate", "Co-performance rate (M18)", value, |rate| {
        format!("{} of leadership acts were performed by two or more leaders together", percent(rate))
    })
}

pub(super) fn form_share(key: &'static str, label: &'static str, value: Metric<f64>) -> Figure {
    let form = key.trim_start_matches("form_");
    figure(key, label, value, |share| format!("{} of routines and decisions were led in {form} form", percent(share)))
}

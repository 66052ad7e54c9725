//! `polylead what-if`: what breaks if people leave (`--leave`), what changes if a domain's right
//! moves to a role (`--move-domain D --to ROLE`), and the key players (`--key-players K`), as a
//! readable summary or the API's JSON.

use std::fmt::Write as _;

use anyhow::{Context, bail};
use clap::{ArgGroup, Args};
use polylead_server::api::what_if::{
    ChangeView, KeyPlayerSearchView, KeyPlayersView, LeaveView, MoveView, WhatIfRequest, WhatIfView, load_key_players,
    load_what_if,
};
use polylead_server::error::ApiError;
use polylead_server::flow;

use crate::Source;

#[derive(Args)]
#[command(group(ArgGroup::new("scenario").required(true).args(["leave", "move_domain", "key_players"])))]
pub struct WhatIfArgs {
    /// People who leave now, separated by commas (e.g. ana,dita).
    #[arg(long, value_delimiter = ',')]
    leave: Vec<String>,
    /// A domain whose decision right moves to the role given with --to.
    #[arg(long, requires = "to")]
    move_domain: Option<String>,
    /// The role that would hold the domain.
    #[arg(long, requires = "move_domain")]
    to: Option<String>,
    /// The K (1-3) people whose leaving fragments the organisation most.
    #[arg(long, value_name = "K")]
    key_players: Option<usize>,
    /// Print the API's JSON instead of a summary.
    #[arg(long)]
    json: bool,
}

fn fail(error: ApiError, doing: &str) -> anyhow::Error {
    if error.status().is_server_error() {
        anyhow::Error::new(error).context(doing.to_owned())
    } else {
        anyhow::anyhow!("{error}")
    }
}

pub async fn run(source: &Source, args: WhatIfArgs) -> anyhow::Result<()> {
    let at = flow::now();
    let output = if let Some(k) = args.key_players {
        let view: KeyPlayersView = match source {
            Source::Database(state) => {
                load_key_players(&state.store, k, at).await.map_err(|e| fail(e, "searching the key players"))?
            }
            Source::Server(remote) => remote.get(&format!("/key-players?k={k}")).await?,
        };
        if args.json { serde_json::to_string_pretty(&view).context("writing JSON")? + "\n" } else { key_text(&view) }
    } else {
        let request = if args.leave.is_empty() {
            WhatIfRequest { move_domain: args.move_domain, to: args.to, ..WhatIfRequest::default() }
        } else {
            if args.move_domain.is_some() {
                bail!("give either --leave or --move-domain, not both");
            }
            WhatIfRequest { leave: Some(args.leave), ..WhatIfRequest::default() }
        };
        let view: WhatIfView = match source {
            Source::Database(state) => {
                load_what_if(&state.store, request, at).await.map_err(|e| fail(e, "evaluating the scenario"))?
            }
            Source::Server(remote) => remote.post("/what-if", &request).await?,
        };
        if args.json {
            serde_json::to_string_pretty(&view).context("writing JSON")? + "\n"
        } else {
            let mut text = String::new();
            if let Some(leave) = &view.leave {
                text += &leave_text(leave);
            }
            if let Some(moved) = &view.move_domain {
                text += &move_text(moved);
            }
            text
        }
    };
    print!("{output}");
    Ok(())
}

/// How many entries of a list the summary prints; `--json` gives them all.
const SHOWN: usize = 10;

/// What follows the first [`SHOWN`] entries of a longer list.
fn more(total: usize) -> String {
    format!("… and {} more (use --json for all)", total - SHOWN)
}

/// Items separated by commas, at most [`SHOWN`] of them, or "none".
fn list(items: &[String]) -> String {
    match items.len() {
        0 => "none".to_owned(),
        len if len <= SHOWN => items.join(", "),
        len => format!("{}, {}", items[..SHOWN].join(", "), more(len)),
    }
}

fn measure(label: &str, change: &ChangeView) -> String {
    let value = |value: Option<f64>, undefined: &Option<polylead_server::api::analytics::UndefinedView>| match (
        value, undefined,
    ) {
        (Some(value), _) => format!("{value:.4}"),
        (None, Some(why)) => format!("not measured ({})", why.code),
        (None, None) => "not measured".to_owned(),
    };
    let mut line = format!(
        "{label}: {} -> {}",
        value(change.before, &change.undefined_before),
        value(change.after, &change.undefined_after)
    );
    if let Some(delta) = change.delta {
        let _ = write!(line, " (change {delta:+.4})");
    }
    if let Some(note) = &change.note {
        let _ = write!(line, "; {note}");
    }
    line + "\n"
}

fn leave_text(view: &LeaveView) -> String {
    let mut out = format!("If {} leave now:\n", view.leaving.join(", "));
    let _ = writeln!(out, "Roles left without a filler: {}", list(&view.orphaned_roles));
    if view.orphaned_domains.is_empty() {
        out += "Domains left without a holder or decider: none\n";
    } else {
        out += "Domains left without a holder or decider:\n";
        for domain in view.orphaned_domains.iter().take(SHOWN) {
            let mut why = Vec::new();
            if domain.holder_vacant {
                why.push("the holder is vacant".to_owned());
            }
            if !domain.rules.is_empty() {
                why.push(format!("nobody decides under {}", domain.rules.join(", ")));
            }
            let _ = writeln!(out, "  {}: {}", domain.domain_id, why.join("; "));
        }
        if view.orphaned_domains.len() > SHOWN {
            let _ = writeln!(out, "  {}", more(view.orphaned_domains.len()));
        }
    }
    let escalations: Vec<String> =
        view.vacant_escalations.iter().map(|v| format!("{} ({}, to {})", v.rule_id, v.domain_id, v.party)).collect();
    let _ = writeln!(out, "Escalations with nobody to take them: {}", list(&escalations));
    let stranded: Vec<String> = view
        .stranded_decisions
        .iter()
        .map(|s| format!("{} ({}, {}; was {})", s.decision_id, s.domain_id, s.status, s.before.join(", ")))
        .collect();
    let _ = writeln!(out, "Pending decisions left without a decider: {}", list(&stranded));
    out += &measure("Fragmentation F (M15)", &view.fragmentation);
    out += &measure("Distance fragmentation DF (M15)", &view.distance_fragmentation);
    out += &measure("Organisation truck factor (M14)", &view.truck_factor);
    let teams: Vec<String> = view.teams_affected.iter().map(|t| t.team_id.clone()).collect();
    let _ = writeln!(out, "Teams affected: {}", list(&teams));
    out
}

fn move_text(view: &MoveView) -> String {
    let mut out = format!("If {} moves from {} to {}:\n", view.domain_id, view.holder_before, view.holder_after);
    let team = |team: &Option<String>| team.clone().unwrap_or_else(|| "no team".to_owned());
    let _ = writeln!(out, "Team: {} -> {}", team(&view.team_before), team(&view.team_after));
    for rule in view.rules.iter().take(SHOWN) {
        let _ = writeln!(
            out,
            "  {} ({} decides): {} -> {}",
            rule.rule_id.as_deref().unwrap_or("no rules"),
            rule.decider,
            list(&rule.before),
            list(&rule.after)
        );
    }
    if view.rules.len() > SHOWN {
        let _ = writeln!(out, "  {}", more(view.rules.len()));
    }
    let _ = writeln!(out, "Accountable: {} -> {}", list(&view.accountable_before), list(&view.accountable_after));
    let pending: Vec<String> = view
        .pending
        .iter()
        .map(|p| format!("{} ({}): {} -> {}", p.decision_id, p.status, list(&p.before), list(&p.after)))
        .collect();
    let _ = writeln!(out, "Pending decisions with a new decider: {}", list(&pending));
    out += &measure("Organisation truck factor (M14)", &view.truck_factor);
    out
}

fn search_text(out: &mut String, title: &str, search: &KeyPlayerSearchView) {
    let _ = writeln!(out, "{title}:");
    if let Some(why) = &search.undefined {
        let _ = writeln!(out, "  not measured ({}): {}", why.code, why.explanation);
    }
    for set in &search.sets {
        let label = if set.search == "exhaustive" { "exact".to_owned() } else { "greedy heuristic".to_owned() };
        let _ = write!(out, "  {} [{label}]: ", set.people.join(", "));
        *out += measure("F", &set.fragmentation).trim_end();
        *out += "; ";
        *out += &measure("DF", &set.distance_fragmentation);
        if let Some(note) = &set.note {
            let _ = writeln!(out, "    {note}");
        }
    }
}

fn key_text(view: &KeyPlayersView) -> String {
    let mut out = format!("Key players among {} people (sets of 1 to {}; M15):\n", view.network_people, view.k);
    search_text(&mut out, "Most fragmenting (F)", &view.by_fragmentation);
    search_text(&mut out, "Most distancing (DF)", &view.by_distance_fragmentation);
    out
}

//! `polylead decisions …`: propose, list, show and take decisions from a script or a terminal,
//! through the same use cases as the API (`polylead_server::flow`).

use anyhow::Context;
use clap::{Args, Subcommand};
use polylead_core::decision::DecisionStatus;
use polylead_core::ids::{DecisionId, DomainId, PersonId};
use polylead_server::AppState;
use polylead_server::api::decisions::{DecisionView, ProposalRequest, StepRequest, decision_view, propose};
use polylead_server::flow;
use polylead_store::{DecisionFilter, Store};

use crate::who_decides::WhoDecidesArgs;

#[derive(Args)]
pub struct DecisionsArgs {
    #[command(subcommand)]
    command: DecisionCommand,
    /// Print JSON (the API's shapes) instead of text.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum DecisionCommand {
    /// List decisions, newest first.
    List {
        /// Only decisions in this status (draft, open, decided, adopted, withdrawn, escalated, review_due, reviewed).
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        domain: Option<String>,
        /// Only decisions this person proposed or decided.
        #[arg(long)]
        person: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Show one decision: its advice and objections, timeline, rights and next step.
    Show { id: String },
    /// Propose a decision and open it (an autonomous decision by a decider is taken at once).
    Propose {
        /// One line saying what is decided.
        #[arg(long)]
        title: String,
        /// The proposal's text.
        #[arg(long)]
        proposal: Option<String>,
        /// Keep it a draft; open it later with `decisions open`.
        #[arg(long)]
        draft: bool,
        #[command(flatten)]
        question: WhoDecidesArgs,
    },
    /// Propose a change to teams, roles, fillers, domains, rules or delegations: the CSV files
    /// in DIR (as for `import`) create rows or replace those with the same id. It is decided
    /// by consent in the governance domain of the team it concerns, and applied when adopted.
    ProposeChange {
        dir: std::path::PathBuf,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        proposal: Option<String>,
    },
    /// Take a step on a decision.
    #[command(flatten)]
    Step(StepCommand),
    /// What waits on a person: advice, consent, objections, decisions ready or overdue, reviews.
    Inbox {
        #[arg(long = "as")]
        person: String,
    },
    /// Apply what time does now (adoption at deadlines, escalation, reviews due) — what every
    /// running server does every 30 s; for use from cron when no server runs.
    Tick,
}

#[derive(Subcommand)]
enum StepCommand {
    /// Open a draft.
    Open {
        id: String,
        #[arg(long = "as")]
        person: String,
    },
    /// Give advice on an advice-process decision.
    Advise {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        text: String,
    },
    /// Consent to a consent-process proposal.
    Consent {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        text: Option<String>,
    },
    /// Object to a proposal, with a reason.
    Object {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        reason: String,
    },
    /// Amend the proposal so that an objection no longer stands.
    Integrate {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        objection: String,
        #[arg(long)]
        proposal: String,
    },
    /// Withdraw your own objection.
    WithdrawObjection {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        objection: String,
    },
    /// Escalate an objection that cannot be integrated.
    EscalateObjection {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        objection: String,
    },
    /// Decide (or adopt early, for consent), with the rationale.
    Decide {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        rationale: String,
        /// When to review the outcome (RFC 3339, e.g. 2027-03-01T09:00:00Z).
        #[arg(long)]
        review_due: Option<String>,
    },
    /// Withdraw your proposal.
    Withdraw {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Record how a decision turned out: worked, partly or did_not.
    Review {
        id: String,
        #[arg(long = "as")]
        person: String,
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        learned: String,
    },
}

impl StepCommand {
    fn split(self) -> (String, String, StepRequest) {
        match self {
            StepCommand::Open { id, person } => (id, person, StepRequest::Open),
            StepCommand::Advise { id, person, text } => (id, person, StepRequest::Advise { text }),
            StepCommand::Consent { id, person, text } => (id, person, StepRequest::Consent { text }),
            StepCommand::Object { id, person, reason } => (id, person, StepRequest::Object { reason }),
            StepCommand::Integrate { id, person, objection, proposal } => {
                (id, person, StepRequest::Integrate { objection, proposal })
            }
            StepCommand::WithdrawObjection { id, person, objection } => {
                (id, person, StepRequest::WithdrawObjection { objection })
            }
            StepCommand::EscalateObjection { id, person, objection } => {
                (id, person, StepRequest::EscalateObjection { objection })
            }
            StepCommand::Decide { id, person, rationale, review_due } => {
                (id, person, StepRequest::Decide { rationale, review_due })
            }
            StepCommand::Withdraw { id, person, reason } => (id, person, StepRequest::Withdraw { reason }),
            StepCommand::Review { id, person, outcome, learned } => {
                (id, person, StepRequest::Review { outcome, learned })
            }
        }
    }
}

pub async fn run(store: Store, args: DecisionsArgs) -> anyhow::Result<()> {
    let state = AppState::new(store);
    let json = args.json;
    match args.command {
        DecisionCommand::List { status, domain, person, limit } => {
            let filter = DecisionFilter {
                statuses: status.as_deref().map(str::parse::<DecisionStatus>).transpose()?.into_iter().collect(),
                domain: domain.as_deref().map(DomainId::parse).transpose()?,
                person: person.as_deref().map(PersonId::parse).transpose()?,
                title: None,
            };
            let page = state.store.decision_page(&filter, 0, limit).await.context("listing decisions")?;
            for decision in &page.items {
                if json {
                    let summary = polylead_server::api::decisions::DecisionSummaryView::from(decision);
                    println!("{}", serde_json::to_string(&summary)?);
                } else {
                    println!(
                        "{:<20} {:<11} {:<10} {:<12} {}",
                        decision.id,
                        decision.status.as_str(),
                        decision.process.as_str(),
                        decision.domain,
                        decision.title
                    );
                }
            }
            if !json {
                eprintln!("{} of {} decisions", page.items.len(), page.total);
            }
        }
        DecisionCommand::Show { id } => {
            let stored = state.store.decision(&DecisionId::parse(&id)?).await?;
            print_decision(&decision_view(&state, stored).await?, json)?;
        }
        DecisionCommand::Propose { title, proposal, draft, question } => {
            let person = question.asker.clone().context("say who proposes it with --as PERSON")?;
            if question.domain.is_none() {
                anyhow::bail!("say the domain with --domain D (find it with `polylead who-decides --text …`)");
            }
            let request = ProposalRequest { title, proposal, question: question.question(), open: !draft };
            let stored = propose(&state, PersonId::parse(&person)?, request).await?;
            print_decision(&decision_view(&state, stored).await?, json)?;
        }
        DecisionCommand::ProposeChange { dir, person, title, proposal } => {
            let files = crate::import::read_csv_files(&dir)?;
            let person = PersonId::parse(&person)?;
            match flow::propose_change(&state.store, &state.structure, &person, &title, proposal, &files).await? {
                flow::ChangeOutcome::Applied => println!("Applied at once (the governance setting is direct)."),
                flow::ChangeOutcome::Proposed(stored) => print_decision(&decision_view(&state, *stored).await?, json)?,
            }
        }
        DecisionCommand::Step(step) => {
            let (id, person, request) = step.split();
            let stored = flow::step(
                &state.store,
                &state.structure,
                &DecisionId::parse(&id)?,
                &PersonId::parse(&person)?,
                request.action()?,
            )
            .await?;
            print_decision(&decision_view(&state, stored).await?, json)?;
        }
        DecisionCommand::Inbox { person } => {
            let person = PersonId::parse(&person)?;
            for waiting in flow::inbox(&state.store, &state.structure, &person).await? {
                let by = waiting.by.map(|by| format!(" by {by}")).unwrap_or_default();
                if json {
                    let line = serde_json::json!({
                        "decision": waiting.decision.as_str(),
                        "reason": waiting.reason.as_str(),
                        "by": waiting.by.map(|by| by.to_string()),
                    });
                    println!("{line}");
                } else {
                    println!("{:<20} {}{by}", waiting.decision, waiting.reason.as_str().replace('_', " "));
                }
            }
        }
        DecisionCommand::Tick => {
            let changed = flow::run_due(&state.store, &state.structure, flow::now()).await?;
            println!("{changed} decisions changed");
        }
    }
    Ok(())
}

fn print_decision(view: &DecisionView, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(view)?);
        return Ok(());
    }
    let summary = &view.summary;
    println!("{} — {}", summary.id, summary.title);
    println!("status:  {} ({} process, domain {})", summary.status, summary.process, summary.domain);
    if let Some(proposal) = &view.proposal {
        println!("proposal: {proposal}");
    }
    for response in &view.responses {
        let resolution = response.resolution.as_deref().map(|r| format!(" [{r}]")).unwrap_or_default();
        println!(
            "  {} {} {}{resolution}: {}",
            response.id,
            response.person,
            response.kind,
            response.text.as_deref().unwrap_or("")
        );
    }
    if let Some(decider) = &summary.decider {
        println!("decided by {decider}: {}", view.rationale.as_deref().unwrap_or(""));
    }
    println!("next:    {}", view.next);
    Ok(())
}

//! `polylead decisions …`: propose, list, show and take decisions from a script or a terminal,
//! through the same use cases as the API (`polylead_server::flow`), or through a server's API
//! with `--server`; both print the API's views.

use anyhow::Context;
use clap::{Args, Subcommand};
use polylead_core::decision::DecisionStatus;
use polylead_core::ids::{DecisionId, DomainId, PersonId};
use polylead_server::api::PageView;
use polylead_server::api::decisions::{
    ChangeRequest, ChangeView, DecisionSummaryView, DecisionView, ProposalRequest, StepRequest, WaitingView,
    decision_view, inbox, propose, propose_governance_change,
};
use polylead_server::flow;
use polylead_store::DecisionFilter;

use crate::Source;
use crate::remote::{encode, query};
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
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        title: String,
        #[arg(long)]
        proposal: Option<String>,
        /// Apply the change at once instead of proposing it (with --server, admins only);
        /// recorded in the history and the audit log.
        #[arg(long)]
        apply: bool,
    },
    /// Take a step on a decision.
    #[command(flatten)]
    Step(StepCommand),
    /// What waits on a person: advice, consent, objections, decisions ready or overdue, reviews.
    Inbox {
        /// Whose inbox (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
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
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
    },
    /// Give advice on an advice-process decision.
    Advise {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        text: String,
    },
    /// Consent to a consent-process proposal.
    Consent {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    /// Object to a proposal, with a reason.
    Object {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        reason: String,
    },
    /// Amend the proposal so that an objection no longer stands.
    Integrate {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        objection: String,
        #[arg(long)]
        proposal: String,
    },
    /// Withdraw your own objection.
    WithdrawObjection {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        objection: String,
    },
    /// Escalate an objection that cannot be integrated.
    EscalateObjection {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        objection: String,
    },
    /// Decide (or adopt early, for consent), with the rationale.
    Decide {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        rationale: String,
        /// When to review the outcome (RFC 3339, e.g. 2027-03-01T09:00:00Z).
        #[arg(long)]
        review_due: Option<String>,
    },
    /// Withdraw your proposal.
    Withdraw {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Record how a decision turned out: worked, partly or did_not.
    Review {
        id: String,
        /// Who acts (with --server, the token's person: leave it out).
        #[arg(long = "as")]
        person: Option<String>,
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        learned: String,
    },
}

impl StepCommand {
    fn split(self) -> (String, Option<String>, StepRequest) {
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

impl DecisionsArgs {
    /// The name of a subcommand that only works on the database, if this is one.
    pub fn database_only(&self) -> Option<&'static str> {
        match self.command {
            DecisionCommand::Tick => Some("decisions tick"),
            _ => None,
        }
    }
}

/// The person acting on the database: `--as` is required there.
fn acting(person: Option<String>) -> anyhow::Result<PersonId> {
    let person = person.context("say who acts with --as PERSON")?;
    Ok(PersonId::parse(&person)?)
}

pub async fn run(source: &Source, args: DecisionsArgs) -> anyhow::Result<()> {
    let json = args.json;
    match args.command {
        DecisionCommand::List { status, domain, person, limit } => {
            let page: PageView<DecisionSummaryView> = match source {
                Source::Database(state) => {
                    let filter = DecisionFilter {
                        statuses: status
                            .as_deref()
                            .map(str::parse::<DecisionStatus>)
                            .transpose()?
                            .into_iter()
                            .collect(),
                        domain: domain.as_deref().map(DomainId::parse).transpose()?,
                        person: person.as_deref().map(PersonId::parse).transpose()?,
                        title: None,
                    };
                    let page = state.store.decision_page(&filter, 0, limit).await.context("listing decisions")?;
                    PageView {
                        items: page.items.iter().map(DecisionSummaryView::from).collect(),
                        total: page.total,
                        offset: 0,
                        limit,
                    }
                }
                Source::Server(remote) => {
                    let query = query(&[
                        ("status", status),
                        ("domain", domain),
                        ("person", person),
                        ("limit", Some(limit.to_string())),
                    ]);
                    remote.get(&format!("/decisions{query}")).await?
                }
            };
            print_list(&page, json)?;
        }
        DecisionCommand::Show { id } => {
            let view = match source {
                Source::Database(state) => {
                    let stored = state.store.decision(&DecisionId::parse(&id)?).await?;
                    decision_view(state, stored).await?
                }
                Source::Server(remote) => remote.get(&format!("/decisions/{}", encode(&id))).await?,
            };
            print_decision(&view, json)?;
        }
        DecisionCommand::Propose { title, proposal, draft, question } => {
            if question.domain.is_none() {
                anyhow::bail!("say the domain with --domain D (find it with `polylead who-decides --text …`)");
            }
            let request = ProposalRequest { title, proposal, question: question.question(), open: !draft };
            let view = match source {
                Source::Database(state) => {
                    let person = question.asker.clone().context("say who proposes it with --as PERSON")?;
                    let stored = propose(state, PersonId::parse(&person)?, request).await?;
                    decision_view(state, stored).await?
                }
                Source::Server(remote) => {
                    remote.check_as(question.asker.as_deref()).await?;
                    remote.post("/decisions", &request).await?
                }
            };
            print_decision(&view, json)?;
        }
        DecisionCommand::ProposeChange { dir, person, title, proposal, apply } => {
            let files = crate::import::read_csv_files(&dir)?;
            let view: ChangeView = match source {
                Source::Database(state) => {
                    propose_governance_change(state, &acting(person)?, &title, proposal, &files, apply).await?
                }
                Source::Server(remote) => {
                    remote.check_as(person.as_deref()).await?;
                    let files = files
                        .into_iter()
                        .map(|(name, bytes)| {
                            let text = String::from_utf8(bytes).with_context(|| format!("{name} is not UTF-8 text"))?;
                            Ok((name, text))
                        })
                        .collect::<anyhow::Result<_>>()?;
                    remote.post("/governance/changes", &ChangeRequest { title, proposal, files, apply }).await?
                }
            };
            match view.decision {
                None if apply => println!("Applied at once, and recorded in the history and the audit log."),
                None => println!("Applied at once (the governance setting is direct)."),
                Some(decision) => print_decision(&decision, json)?,
            }
        }
        DecisionCommand::Step(step) => {
            let (id, person, request) = step.split();
            let view = match source {
                Source::Database(state) => {
                    let stored = flow::step(
                        &state.store,
                        &state.structure,
                        &DecisionId::parse(&id)?,
                        &acting(person)?,
                        request.action()?,
                    )
                    .await?;
                    decision_view(state, stored).await?
                }
                Source::Server(remote) => {
                    remote.check_as(person.as_deref()).await?;
                    remote.post(&format!("/decisions/{}/steps", encode(&id)), &request).await?
                }
            };
            print_decision(&view, json)?;
        }
        DecisionCommand::Inbox { person } => {
            let waiting: Vec<WaitingView> = match source {
                Source::Database(state) => inbox(state, &acting(person)?).await?,
                Source::Server(remote) => {
                    remote.check_as(person.as_deref()).await?;
                    let person = match person {
                        Some(person) => person,
                        None => remote.person().await?,
                    };
                    remote.get(&format!("/people/{}/inbox", encode(&person))).await?
                }
            };
            print_inbox(&waiting, json)?;
        }
        DecisionCommand::Tick => {
            let Source::Database(state) = source else {
                anyhow::bail!("`polylead decisions tick` works on the database directly; drop --server");
            };
            let changed = flow::run_due(&state.store, &state.structure, flow::now()).await?;
            println!("{changed} decisions changed");
        }
    }
    Ok(())
}

/// One line per decision (JSON lines of the API's summaries with --json); the count on stderr.
fn print_list(page: &PageView<DecisionSummaryView>, json: bool) -> anyhow::Result<()> {
    for decision in &page.items {
        if json {
            println!("{}", serde_json::to_string(decision)?);
        } else {
            println!(
                "{:<20} {:<11} {:<10} {:<12} {}",
                decision.id, decision.status, decision.process, decision.domain, decision.title
            );
        }
    }
    if !json {
        eprintln!("{} of {} decisions", page.items.len(), page.total);
    }
    Ok(())
}

/// What waits, a line each (JSON lines with --json).
fn print_inbox(waiting: &[WaitingView], json: bool) -> anyhow::Result<()> {
    for waiting in waiting {
        if json {
            let line = serde_json::json!({
                "decision": waiting.decision.id,
                "reason": waiting.reason,
                "by": waiting.by,
            });
            println!("{line}");
        } else {
            let by = waiting.by.as_ref().map(|by| format!(" by {by}")).unwrap_or_default();
            println!("{:<20} {}{by}", waiting.decision.id, waiting.reason.replace('_', " "));
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

//! `polylead who-decides`: who decides a decision, whom to ask, by when, and why.

use anyhow::Context;
use clap::Args;
use polylead_core::ids::{DomainId, PersonId};
use polylead_core::rights::{Question, resolve};
use polylead_server::AppState;
use polylead_server::api::rights::{
    AnswerView, ExpertView, QuestionRequest, RouteRequest, RoutedView, experts as find_experts, route,
};
use polylead_server::flow;

use crate::Source;
use crate::remote::query;

#[derive(Args)]
pub struct WhoDecidesArgs {
    /// The domain the decision belongs to (see `GET /api/v1/domains`).
    #[arg(long, required_unless_present = "text", conflicts_with = "text")]
    pub domain: Option<String>,
    /// Or describe the decision in words: the best matching domains are listed and the best
    /// one is answered.
    #[arg(long)]
    pub text: Option<String>,
    /// Money involved.
    #[arg(long)]
    pub amount: Option<f64>,
    /// The team the decision affects.
    #[arg(long)]
    pub scope: Option<String>,
    /// A tag; repeat for several. A tag that is another domain's keyword brings its holders in as advisors.
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Who asks: the answer then says whether you may decide it yourself (with --server, only
    /// the token's person).
    #[arg(long = "as")]
    pub asker: Option<String>,
    /// Print JSON (the API's answer) instead of text.
    #[arg(long)]
    pub json: bool,
}

impl WhoDecidesArgs {
    pub fn question(&self) -> QuestionRequest {
        QuestionRequest {
            domain: self.domain.clone().unwrap_or_default(),
            amount: self.amount,
            scope: self.scope.clone(),
            tags: self.tags.clone(),
            asker: self.asker.clone(),
        }
    }
}

pub async fn run(source: &Source, args: WhoDecidesArgs) -> anyhow::Result<()> {
    if let Source::Server(remote) = source {
        remote.check_as(args.asker.as_deref()).await?;
    }
    let view = match (&args.domain, &args.text) {
        (Some(_), _) => match source {
            Source::Database(state) => answer(state, &args).await?,
            Source::Server(remote) => remote.post("/who-decides", &args.question()).await?,
        },
        (None, Some(text)) => {
            let routed: Vec<RoutedView> = match source {
                Source::Database(state) => {
                    let asker = args.asker.as_deref().map(PersonId::parse).transpose()?;
                    route(state, text, &args.question().attributes()?, asker.as_ref(), ROUTED).await?
                }
                Source::Server(remote) => {
                    let question = args.question();
                    let request = RouteRequest {
                        text: text.clone(),
                        amount: question.amount,
                        scope: question.scope,
                        tags: question.tags,
                        asker: question.asker,
                        limit: Some(ROUTED),
                    };
                    remote.post("/route", &request).await?
                }
            };
            if !args.json {
                print!("{}", describe_routes(&routed));
            }
            match routed.into_iter().next() {
                Some(best) => best.answer,
                None => anyhow::bail!("no domain matches {text:?}; try other words, or name the domain with --domain"),
            }
        }
        (None, None) => anyhow::bail!("say which decision: --domain D, or --text \"what it is about\""),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(());
    }
    print!("{}", describe(&view));
    Ok(())
}

/// How many domains `--text` lists.
const ROUTED: usize = 5;

/// Who decides in `args.domain`, resolved on the database now.
async fn answer(state: &AppState, args: &WhoDecidesArgs) -> anyhow::Result<AnswerView> {
    let organisation = state.structure.current(&state.store).await.context("reading the organisation")?;
    let domain = DomainId::parse(args.domain.as_deref().unwrap_or_default())?;
    if organisation.domain(&domain).is_none() {
        anyhow::bail!("there is no domain {domain}; `polylead export` or GET /api/v1/domains lists them");
    }
    let question = Question {
        domain,
        attributes: args.question().attributes()?,
        asker: args.asker.as_deref().map(PersonId::parse).transpose()?,
        at: flow::now(),
    };
    let answer = resolve(&organisation, &question)?;
    Ok(AnswerView::new(&answer, &organisation))
}

/// The domains a text matched, best first, before the best one's answer.
fn describe_routes(routed: &[RoutedView]) -> String {
    if routed.is_empty() {
        return String::new();
    }
    let mut out = "Best matching domains:\n".to_owned();
    for found in routed {
        out += &format!("  {:<16} {} (score {:.2})\n", found.domain, found.name, found.score);
    }
    out + "\n"
}

/// The answer as a few lines a person reads top to bottom.
pub fn describe(view: &AnswerView) -> String {
    let names = |people: &[polylead_server::api::rights::PersonRef]| {
        if people.is_empty() {
            return "nobody".to_owned();
        }
        people.iter().map(|p| format!("{} ({})", p.name, p.id)).collect::<Vec<_>>().join(", ")
    };
    let mut out = String::new();
    let deciders: Vec<_> = view.deciders.iter().map(|d| d.person.clone()).collect::<Vec<_>>();
    match (&view.rule, &view.process) {
        (Some(rule), Some(process)) => {
            out += &format!("Decides:   {} — {process} process (rule {rule})\n", names(&deciders));
        }
        _ => out += "Decides:   nobody — no rule covers this decision\n",
    }
    for decider in &view.deciders {
        if let (Some(by), Some(until)) = (&decider.delegated_by, &decider.until) {
            out += &format!("           {} holds it by delegation from {by} until {until}\n", decider.person.name);
        }
    }
    if let Some(may) = view.asker_may_decide {
        out +=
            &format!("You:       {}\n", if may { "you may decide this yourself" } else { "you may not decide this" });
    }
    let advisors: Vec<_> = view.advisors.iter().map(|a| a.person.clone()).collect();
    out += &format!("Ask first: {}\n", names(&advisors));
    for advisor in &view.advisors {
        out += &format!("           {}: {}\n", advisor.person.name, advisor.reasons.join("; "));
    }
    out += &format!("Inform:    {}\n", names(&view.informed));
    out += &format!("By:        {}\n", view.deadline.as_deref().unwrap_or("no time limit"));
    if let Some(escalation) = &view.escalation {
        out += &format!("Escalates: to {} — {}\n", escalation.to, names(&escalation.people));
    }
    out += "Why:\n";
    for line in &view.explanation {
        out += &format!("  - {line}\n");
    }
    if !view.findings.is_empty() {
        out += "Findings:\n";
        for finding in &view.findings {
            out += &format!("  ! {} ({})\n", finding.message, finding.code);
        }
    }
    out
}

#[derive(Args)]
pub struct ExpertsArgs {
    /// The subject, in a few words.
    pub subject: String,
    /// How many people to list.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `polylead experts`: who knows about a subject, and why.
pub async fn experts(source: &Source, args: ExpertsArgs) -> anyhow::Result<()> {
    let found: Vec<ExpertView> = match source {
        Source::Database(state) => find_experts(state, &args.subject, args.limit).await?,
        Source::Server(remote) => {
            let query = query(&[("q", Some(args.subject.clone())), ("limit", Some(args.limit.to_string()))]);
            remote.get(&format!("/experts{query}")).await?
        }
    };
    for expert in &found {
        if args.json {
            let line = serde_json::json!({
                "person": expert.person.id, "name": expert.person.name, "score": expert.score, "reasons": expert.reasons,
            });
            println!("{line}");
        } else {
            println!("{} ({}) — {}", expert.person.name, expert.person.id, expert.reasons.join("; "));
        }
    }
    if found.is_empty() && !args.json {
        eprintln!("nobody is known for {:?}; try other words", args.subject);
    }
    Ok(())
}

//! `polylead who-decides`: who decides a decision, whom to ask, by when, and why.

use anyhow::Context;
use clap::Args;
use polylead_core::ids::{DomainId, PersonId};
use polylead_core::rights::{Question, resolve};
use polylead_server::api::rights::{AnswerView, QuestionRequest};
use polylead_server::flow;
use polylead_store::Store;

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
    /// Who asks: the answer then says whether you may decide it yourself.
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

pub async fn run(store: &Store, args: WhoDecidesArgs) -> anyhow::Result<()> {
    let structure = flow::Structure::default();
    let organisation = structure.current(store).await.context("reading the organisation")?;
    let domain = match (&args.domain, &args.text) {
        (Some(domain), _) => DomainId::parse(domain)?,
        (None, Some(text)) => {
            let index = structure.domain_index(store).await?;
            let found = index.route(text, 5)?;
            if found.is_empty() {
                anyhow::bail!("no domain matches {text:?}; try other words, or name the domain with --domain");
            }
            if !args.json {
                println!("Best matching domains:");
                for routed in &found {
                    let name = organisation.domain(&routed.domain).map(|d| d.name.to_string()).unwrap_or_default();
                    println!("  {:<16} {name} (score {:.2})", routed.domain.as_str(), routed.score);
                }
                println!();
            }
            found[0].domain.clone()
        }
        (None, None) => anyhow::bail!("say which decision: --domain D, or --text \"what it is about\""),
    };
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
    let view = AnswerView::new(&answer, &organisation);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(());
    }
    print!("{}", describe(&view));
    Ok(())
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
pub async fn experts(store: &Store, args: ExpertsArgs) -> anyhow::Result<()> {
    let structure = flow::Structure::default();
    let organisation = structure.current(store).await.context("reading the organisation")?;
    let index = structure.expert_index(store).await?;
    let today = flow::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let found = index.experts(&args.subject, args.limit.saturating_mul(2).max(1))?;
    let present = found
        .iter()
        .filter_map(|found| Some((found, organisation.person(&found.person).filter(|p| p.is_member_on(today))?)))
        .take(args.limit);
    let mut any = false;
    for (found, person) in present {
        any = true;
        if args.json {
            let line = serde_json::json!({
                "person": person.id.as_str(), "name": person.name.as_str(), "score": found.score, "reasons": found.reasons,
            });
            println!("{line}");
        } else {
            println!("{} ({}) — {}", person.name.as_str(), person.id, found.reasons.join("; "));
        }
    }
    if !any && !args.json {
        eprintln!("nobody is known for {:?}; try other words", args.subject);
    }
    Ok(())
}

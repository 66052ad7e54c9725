//! `GET /who-decides`: a decision described in words, with its amount, scope and tags → the
//! domains it most likely belongs to, each with who decides, whom to ask, by when and why, and
//! a form to start it. The routing and the answers are the API's (`api::rights::route`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use polylead_core::condition::Attributes;
use polylead_core::ids::{PersonId, RoleId, TeamId};
use polylead_core::rights::Organisation;
use polylead_core::text::Keyword;
use serde::Deserialize;

use crate::AppState;
use crate::api::rights::{AdvisorView, AnswerView, CheckView, FindingView, PersonRef, route};
use crate::error::ApiError;
use crate::extract::Query;
use crate::flow;
use crate::pages::moment::Moment;
use crate::pages::{Chrome, PageError, Section, Viewer};

pub fn routes() -> Router<AppState> {
    Router::new().route("/who-decides", get(show_who_decides))
}

/// How many matching domains the page shows.
const SHOWN_MATCHES: usize = 3;

/// What was typed into the form, kept as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AttributeFields {
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub tags: String,
}

/// A refused field and why, keyed by the field's name.
#[derive(Clone, Debug, Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    /// The error of `field`, if it was refused.
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl AttributeFields {
    /// The attributes, or each refused field with its error added to `errors`.
    pub fn parse(&self, organisation: &Organisation, errors: &mut FieldErrors) -> Option<Attributes> {
        let amount = match self.amount.trim() {
            "" => None,
            text => match text.parse::<f64>() {
                Ok(amount) if amount.is_finite() && amount >= 0.0 => Some(amount),
                _ => {
                    errors.add("amount", format!("the amount must be a number, zero or more; {text:?} is not"));
                    None
                }
            },
        };
        let scope = match self.scope.trim() {
            "" => None,
            text => match TeamId::parse(text).ok().filter(|team| organisation.team(team).is_some()) {
                Some(team) => Some(team),
                None => {
                    errors.add("scope", format!("there is no team {text:?}; choose one from the list"));
                    None
                }
            },
        };
        let mut tags = Vec::new();
        for tag in self.tags.split(',').map(str::trim).filter(|tag| !tag.is_empty()) {
            match Keyword::parse(tag) {
                Ok(keyword) => tags.push(keyword),
                Err(error) => errors.add("tags", format!("the tag {tag:?} is refused: {error}")),
            }
        }
        errors.is_empty().then_some(Attributes { amount, scope, tags })
    }
}

/// A team in the scope list: (id, name).
pub fn team_choices(organisation: &Organisation) -> Vec<(String, String)> {
    let mut teams: Vec<(String, String)> =
        organisation.teams().map(|team| (team.id.to_string(), team.name.to_string())).collect();
    teams.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    teams
}

/// Who decides, as a page shows it: the API's answer with dates for people and the source
/// of each decider's right in words.
#[derive(Debug)]
pub struct RightsPanel {
    pub rule: Option<String>,
    pub process: Option<String>,
    /// Each decider and where their right comes from.
    pub deciders: Vec<(PersonRef, String)>,
    pub advisors: Vec<AdvisorView>,
    pub informed: Vec<PersonRef>,
    pub deadline: Option<Moment>,
    /// The party it escalates to and the people who stand for it.
    pub escalation: Option<(String, Vec<PersonRef>)>,
    pub viewer_may_decide: Option<bool>,
    pub checks: Vec<CheckView>,
    pub findings: Vec<FindingView>,
}

impl RightsPanel {
    pub fn new(answer: AnswerView, organisation: &Organisation, now: Timestamp) -> RightsPanel {
        let deciders = answer
            .deciders
            .into_iter()
            .map(|decider| {
                let source = match (&decider.party, &decider.delegated_by, &decider.until) {
                    (Some(party), _, _) => format!("by the rule, as {}", party_text(party, organisation)),
                    (None, by, until) => {
                        let by = by
                            .as_ref()
                            .map(|by| {
                                let name = PersonId::parse(by).ok().and_then(|id| organisation.person(&id));
                                format!(" from {}", name.map_or_else(|| by.clone(), |person| person.name.to_string()))
                            })
                            .unwrap_or_default();
                        let until = until
                            .as_deref()
                            .and_then(|until| Moment::parse(until, now))
                            .map(|until| format!(" until {} ({})", until.text, until.relative))
                            .unwrap_or_default();
                        format!("by delegation{by}{until}")
                    }
                };
                (decider.person, source)
            })
            .collect();
        RightsPanel {
            rule: answer.rule,
            process: answer.process,
            deciders,
            advisors: answer.advisors,
            informed: answer.informed,
            deadline: answer.deadline.as_deref().and_then(|deadline| Moment::parse(deadline, now)),
            escalation: answer
                .escalation
                .map(|escalation| (party_text(&escalation.to, organisation), escalation.people)),
            viewer_may_decide: answer.asker_may_decide,
            checks: answer.checks,
            findings: answer.findings,
        }
    }

    /// The process in a few words.
    pub fn process_text(&self) -> &'static str {
        match self.process.as_deref() {
            Some("advice") => "advice: the decider asks the advisors, then decides",
            Some("consent") => "consent: adopted at the deadline unless someone consulted objects",
            Some("autonomous") => "autonomous: the decider decides alone and informs",
            _ => "none: no rule applies",
        }
    }

    /// Whether a decision can be started with this answer (a rule applies and someone decides).
    pub fn can_start(&self) -> bool {
        self.process.is_some() && !self.deciders.is_empty()
    }
}

/// A rule's verdict in words.
pub trait VerdictText {
    fn verdict_text(&self) -> String;
}

impl VerdictText for CheckView {
    fn verdict_text(&self) -> String {
        match (self.verdict.as_str(), &self.reason) {
            ("matched", _) => "applies".to_owned(),
            ("skipped", Some(reason)) => format!("does not apply: {reason}"),
            ("not_tried", _) => "not tried: an earlier rule applies".to_owned(),
            (other, _) => other.replace('_', " "),
        }
    }
}

/// A party of a rule in words: `role:lead` → "the role Regional lead".
pub fn party_text(party: &str, organisation: &Organisation) -> String {
    let named = match party.split_once(':') {
        Some(("role", id)) => {
            RoleId::parse(id).ok().and_then(|id| organisation.role(&id)).map(|role| ("role", role.name.to_string()))
        }
        Some(("team", id)) => {
            TeamId::parse(id).ok().and_then(|id| organisation.team(&id)).map(|team| ("team", team.name.to_string()))
        }
        Some(("person", id)) => PersonId::parse(id)
            .ok()
            .and_then(|id| organisation.person(&id))
            .map(|person| ("person", person.name.to_string())),
        _ => None,
    };
    match named {
        Some((kind, name)) => format!("the {kind} {name}"),
        None if party == "holder" => "the holder of the domain".to_owned(),
        None => party.to_owned(),
    }
}

/// One matching domain on the page.
#[derive(Debug)]
pub struct Match {
    pub domain: String,
    pub name: String,
    pub matched: Vec<String>,
    pub rights: RightsPanel,
}

#[derive(Debug, Default, Deserialize)]
struct WhoDecidesQuery {
    text: Option<String>,
    #[serde(flatten)]
    attributes: AttributeFields,
}

#[derive(Template, WebTemplate)]
#[template(path = "who_decides.html")]
struct WhoDecidesPage {
    chrome: Chrome,
    text: String,
    fields: AttributeFields,
    teams: Vec<(String, String)>,
    errors: FieldErrors,
    /// `None` before a question was asked.
    matches: Option<Vec<Match>>,
    /// The title a started decision gets unless changed: the text, cut to 300 characters.
    title: String,
}

async fn show_who_decides(
    viewer: Viewer,
    State(state): State<AppState>,
    Query(query): Query<WhoDecidesQuery>,
) -> Result<Response, PageError> {
    let organisation = state.structure.current(&state.store).await?;
    let asker = PersonId::parse(&viewer.person).map_err(ApiError::from)?;
    let mut errors = FieldErrors::default();
    let attributes = query.attributes.parse(&organisation, &mut errors);
    let text = query.text.clone().unwrap_or_default();
    if query.text.is_some() && text.trim().is_empty() {
        errors.add("text", "describe the decision in a few words");
    }
    let matches = match (&query.text, attributes) {
        (Some(_), Some(attributes)) if errors.is_empty() => {
            let now = flow::now();
            let routed = route(&state, &text, &attributes, Some(&asker), SHOWN_MATCHES).await?;
            let shown = routed
                .into_iter()
                .map(|routed| Match {
                    domain: routed.domain,
                    name: routed.name,
                    matched: routed.matched,
                    rights: RightsPanel::new(routed.answer, &organisation, now),
                })
                .collect();
            Some(shown)
        }
        _ => None,
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = WhoDecidesPage {
        chrome: Chrome::new("Who decides?", Section::WhoDecides, Some(viewer)),
        title: text.trim().chars().take(300).collect(),
        text,
        fields: query.attributes,
        teams: team_choices(&organisation),
        errors,
        matches,
    };
    Ok((status, page).into_response())
}

#[cfg(test)]
mod tests {
    use polylead_core::dataset::Dataset;

    use super::*;
    use crate::api::rights::DeciderView;

    fn answer(deciders: Vec<DeciderView>) -> AnswerView {
        AnswerView {
            domain: "rota".into(),
            rule: Some("rota-1".into()),
            process: Some("advice".into()),
            deciders,
            advisors: Vec::new(),
            informed: Vec::new(),
            deadline: Some("2026-01-03T00:00:00Z".into()),
            escalation: None,
            asker_may_decide: Some(false),
            explanation: Vec::new(),
            checks: Vec::new(),
            findings: Vec::new(),
        }
    }

    #[test]
    fn a_delegated_right_says_from_whom_and_until_when() {
        let now = Timestamp::from_second(1_767_225_600).unwrap();
        let delegated = DeciderView {
            person: PersonRef { id: "ben".into(), name: "Ben".into() },
            via: "delegation".into(),
            party: None,
            delegation: Some("cover".into()),
            delegated_by: Some("ana".into()),
            until: Some("2026-01-15T00:00:00Z".into()),
        };
        let panel = RightsPanel::new(answer(vec![delegated]), &Organisation::new(&Dataset::default()), now);
        assert_eq!(panel.deciders[0].1, "by delegation from ana until 2026-01-15 00:00 UTC (in 14 days)");
        assert_eq!(panel.deadline.as_ref().unwrap().relative, "in 2 days");
        assert!(panel.can_start());
    }

    #[test]
    fn unknown_parties_are_shown_as_written() {
        let organisation = Organisation::new(&Dataset::default());
        assert_eq!(party_text("holder", &organisation), "the holder of the domain");
        assert_eq!(party_text("role:gone", &organisation), "role:gone");
    }
}

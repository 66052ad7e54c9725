//! What every page shows around its content: the title, the main navigation with the current
//! section, and who is signed in (with the CSRF token their forms carry).

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;

use crate::AppState;
use crate::auth::Identity;
use crate::pages::PageError;

/// The sections of the main navigation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Section {
    Home,
    Organisation,
    WhoDecides,
    Decisions,
    Analytics,
    History,
    /// Pages outside the navigation (sign-in, errors, a person's own page).
    None,
}

const NAV: [(&str, &str, Section); 6] = [
    ("/", "Home", Section::Home),
    ("/org", "Organisation", Section::Organisation),
    ("/who-decides", "Who decides?", Section::WhoDecides),
    ("/decisions", "Decisions", Section::Decisions),
    ("/analytics", "Analytics", Section::Analytics),
    ("/history", "History", Section::History),
];

/// The signed-in person as pages show them.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub person: String,
    pub name: String,
    pub is_admin: bool,
    /// The token every form of theirs carries in its `csrf` field.
    pub csrf: String,
    pub identity: Identity,
}

/// The frame of a page.
#[derive(Clone, Debug)]
pub struct Chrome {
    pub title: String,
    pub section: Section,
    pub viewer: Option<Viewer>,
    pub version: &'static str,
}

impl Chrome {
    pub fn new(title: impl Into<String>, section: Section, viewer: Option<Viewer>) -> Chrome {
        Chrome { title: title.into(), section, viewer, version: env!("CARGO_PKG_VERSION") }
    }

    /// The navigation links: (href, label, section).
    pub fn nav(&self) -> &'static [(&'static str, &'static str, Section)] {
        &NAV
    }

    /// Whether `section` is this page's.
    pub fn is_current(&self, section: &Section) -> bool {
        *section == self.section
    }

    /// The CSRF token forms on this page carry (empty when nobody is signed in).
    pub fn csrf(&self) -> &str {
        self.viewer.as_ref().map_or("", |viewer| viewer.csrf.as_str())
    }
}

/// The signed-in viewer of a page; the page guard has put their identity in the request.
impl<S: Send + Sync> FromRequestParts<S> for Viewer
where
    AppState: FromRef<S>,
{
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Viewer, PageError> {
        let identity = parts.extensions.get::<Identity>().cloned().ok_or(crate::ApiError::Unauthenticated)?;
        let state = AppState::from_ref(state);
        let organisation = state.structure.current(&state.store).await?;
        let name = organisation
            .person(&identity.person)
            .map_or_else(|| identity.person.to_string(), |person| person.name.to_string());
        Ok(Viewer {
            person: identity.person.to_string(),
            name,
            is_admin: identity.role == polylead_core::account::AccountRole::Admin,
            csrf: identity.csrf_token().unwrap_or_default().to_owned(),
            identity,
        })
    }
}

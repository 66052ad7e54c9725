//! Privacy of people data: person-level network measures (who is sought for advice, who is a
//! bottleneck, whose leaving fragments the network) are shown only to the person themselves
//! and to admins; everyone else sees figures over at least [`min_group`] people. Every view of
//! person-level analytics by someone other than the person is written to the audit log. An
//! admin can [`erase`] a person.

use polylead_core::account::AccountRole;
use polylead_core::erasure;
use polylead_core::ids::PersonId;
use polylead_store::{Erasure, Store, erase_person};

use crate::api::analytics::{ReportView, UndefinedView};
use crate::auth::Identity;
use crate::error::ApiError;
use crate::flow::now;

/// The setting that holds the smallest group figures are shown for.
pub const MIN_GROUP_SETTING: &str = "privacy_min_group";
/// Its default…
pub const DEFAULT_MIN_GROUP: usize = 5;
/// … and the lowest value it may take.
pub const LOWEST_MIN_GROUP: usize = 3;

/// The smallest number of people a figure shown to members may cover.
pub async fn min_group(store: &Store) -> Result<usize, ApiError> {
    let setting = store.setting(MIN_GROUP_SETTING).await?;
    let value = setting.and_then(|text| text.trim().parse::<usize>().ok()).unwrap_or(DEFAULT_MIN_GROUP);
    Ok(value.max(LOWEST_MIN_GROUP))
}

/// Whether `identity` may see person-level measures of everyone.
pub fn sees_everyone(identity: &Identity) -> bool {
    identity.role == AccountRole::Admin
}

/// Refuses person-level measures of everyone to all but admins, and audits an admin's view.
pub async fn require_everyone(store: &Store, identity: &Identity, what: &str) -> Result<(), ApiError> {
    if !sees_everyone(identity) {
        return Err(ApiError::Denied(format!(
            "{what} names people by person-level network measures, which only admins may see; \
             your own figures are on your person page"
        )));
    }
    audit(store, identity, what, None).await
}

/// Writes that `identity` viewed person-level analytics (`what`, of `subject` when one person).
pub async fn audit(store: &Store, identity: &Identity, what: &str, subject: Option<&str>) -> Result<(), ApiError> {
    let detail = format!("viewed {what}");
    Ok(store.audit(now(), identity.person.as_str(), "viewed_person_analytics", subject, &detail).await?)
}

/// The report as `identity` may see it: admins see it whole (and the view is audited);
/// others without the people named in it, and without any figure when it covers fewer than
/// `min_group` people.
pub async fn report_for(store: &Store, identity: &Identity, mut view: ReportView) -> Result<ReportView, ApiError> {
    if sees_everyone(identity) {
        audit(store, identity, "the analytics report with bottleneck and informal-leader names", None).await?;
        return Ok(view);
    }
    let min_group = min_group(store).await?;
    let flagged = view.bottlenecks.len() + view.informal_leadership.sought.len();
    view.bottlenecks.clear();
    view.informal_leadership.sought.clear();
    let mut hidden = vec![format!(
        "{flagged} people are named in the full report (bottlenecks, informal leaders); names are shown to admins \
         and each person sees their own figures on their person page"
    )];
    if view.population < min_group {
        for figure in &mut view.headline {
            figure.value = None;
            figure.meaning = format!("hidden: it would describe fewer than {min_group} people");
            figure.undefined = Some(UndefinedView {
                code: "TOO_FEW_PEOPLE".to_owned(),
                explanation: format!("figures over fewer than {min_group} people are shown to admins only"),
            });
        }
        hidden.push(format!("the figures cover {} people, fewer than {min_group}", view.population));
    }
    view.hidden = Some(hidden.join("; "));
    Ok(view)
}

/// Erases `person` for `by` (an admin, or `cli`): their id becomes a fresh pseudonym and their
/// name, e-mail and skills go, in every row, the history and the audit log, while the rows,
/// links and times stay (see `polylead_store::erase_person`). Audited.
pub async fn erase(store: &Store, person: &PersonId, by: &str) -> Result<Erasure, ApiError> {
    if person.as_str() == by {
        return Err(ApiError::Invalid(format!(
            "you cannot erase yourself ({person}) while signed in as yourself; ask another admin"
        )));
    }
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| ApiError::Internal(format!("no randomness from the system: {e}")))?;
    let pseudonym = erasure::pseudonym(u64::from_le_bytes(random));
    let mut tx = store.begin().await?;
    let erased = erase_person(&mut tx, person, &pseudonym, by).await?;
    tx.commit().await?;
    Ok(erased)
}

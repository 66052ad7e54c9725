//! Who may do what through the API and the pages: an account's permission role and an API
//! token's scope. Decision rights still decide who may take which decision step; these only
//! say whether a signed-in person may read, act, or administer at all.

use crate::text::vocabulary;

vocabulary! {
    /// An account's permission role.
    AccountRole {
        /// Reads everything and acts as a member; changes the structure directly (each change
        /// is recorded under their name), manages accounts, tokens and webhooks, sees
        /// person-level analytics.
        Admin = "admin",
        /// Reads, and acts within the decision rights: proposes, advises, consents, objects,
        /// decides where the rules say so, proposes governance changes.
        Member = "member",
        /// Reads only.
        Observer = "observer",
    }
}

vocabulary! {
    /// What an API token may be used for.
    TokenScope {
        /// Reading requests only (GET, HEAD).
        Read = "read",
        /// Everything the account's role allows.
        Write = "write",
    }
}

/// What a request needs to be allowed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Need {
    /// Reading.
    Read,
    /// Acting: proposing, responding to and taking decisions (within the decision rights).
    Act,
    /// Administering: accounts, webhooks, direct structure changes, everyone's data.
    Administer,
}

impl AccountRole {
    /// Whether this role allows `need`.
    pub fn allows(self, need: Need) -> bool {
        match need {
            Need::Read => true,
            Need::Act => self != AccountRole::Observer,
            Need::Administer => self == AccountRole::Admin,
        }
    }
}

impl TokenScope {
    /// Whether a token of this scope may be used for `need` (its account's role decides too).
    pub fn allows(self, need: Need) -> bool {
        self == TokenScope::Write || need == Need::Read
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_nest_observer_member_admin() {
        let allowed = |role: AccountRole| {
            [Need::Read, Need::Act, Need::Administer].into_iter().filter(|need| role.allows(*need)).count()
        };
        assert_eq!(allowed(AccountRole::Observer), 1);
        assert_eq!(allowed(AccountRole::Member), 2);
        assert_eq!(allowed(AccountRole::Admin), 3);
    }

    #[test]
    fn read_tokens_only_read() {
        assert!(TokenScope::Read.allows(Need::Read));
        assert!(!TokenScope::Read.allows(Need::Act));
        assert!(TokenScope::Write.allows(Need::Administer));
        assert_eq!("write".parse::<TokenScope>().unwrap(), TokenScope::Write);
        assert!("owner".parse::<AccountRole>().is_err());
    }
}

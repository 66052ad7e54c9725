//! Sign-in attempts per client address: at most [`ATTEMPTS`] in [`WINDOW`], kept in this
//! server's memory (each server counts its own; the per-account lockout is in the database).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};

use crate::error::ApiError;

/// Sign-in attempts allowed from one address…
pub const ATTEMPTS: u32 = 20;
/// … in this long.
pub const WINDOW: SignedDuration = SignedDuration::from_mins(10);
/// Addresses remembered before old windows are dropped.
const MAX_ADDRESSES: usize = 100_000;

/// When an address's window started, and its attempts in it.
type Windows = HashMap<Option<IpAddr>, (Timestamp, u32)>;

/// The attempts of each address in its current window.
#[derive(Clone, Default)]
pub struct SignInLimiter {
    windows: Arc<Mutex<Windows>>,
}

impl SignInLimiter {
    /// Counts an attempt from `address` at `now`; refuses it when the window is used up.
    pub fn attempt(&self, address: Option<IpAddr>, now: Timestamp) -> Result<(), ApiError> {
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= MAX_ADDRESSES {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(address).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        *count += 1;
        if *count > ATTEMPTS {
            let wait = WINDOW - now.duration_since(*start);
            return Err(ApiError::RateLimited(format!(
                "too many sign-in attempts from your address; try again in {} minutes",
                wait.as_mins().max(1)
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_attempts_per_window() {
        let limiter = SignInLimiter::default();
        let start = Timestamp::from_second(1_767_225_600).unwrap();
        let here: Option<IpAddr> = "127.0.0.1".parse().ok();
        for _ in 0..ATTEMPTS {
            limiter.attempt(here, start).unwrap();
        }
        assert!(limiter.attempt(here, start).is_err());
        assert!(limiter.attempt("10.0.0.2".parse().ok(), start).is_ok(), "others are not affected");
        assert!(limiter.attempt(here, start.checked_add(WINDOW).unwrap()).is_ok(), "a new window");
    }
}

//! The eligible population of a window and per-person act counts (METRICS.md §0, §2 notation).
//!
//! [`PeopleIndex`] maps person ids to dense `u32` indices **in id order**, so "break ties by person
//! id" is "break ties by index", and per-person data can live in plain `Vec`s.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::act::Act;
use crate::error::ValidationError;
use crate::ids::PersonId;
use crate::person::Person;
use crate::role::Contribution;

/// A half-open time window `[from, to)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Window {
    from: Timestamp,
    to: Timestamp,
}

impl Window {
    /// The default window length (METRICS.md §0).
    pub const DEFAULT_DAYS: i64 = 90;

    pub fn new(from: Timestamp, to: Timestamp) -> Result<Window, ValidationError> {
        if from < to {
            Ok(Window { from, to })
        } else {
            Err(ValidationError::new(format!("window start {from} is not before its end {to}")))
        }
    }

    /// The `days` days up to (not including) `to`; at least one millisecond long.
    pub fn ending(to: Timestamp, days: i64) -> Window {
        let from = to.saturating_sub(SignedDuration::from_hours(24 * days.max(0))).unwrap_or(Timestamp::MIN);
        Window::clamped(from, to)
    }

    /// The `days` days starting at `from`; at least one millisecond long.
    pub fn starting(from: Timestamp, days: i64) -> Window {
        let to = from.saturating_add(SignedDuration::from_hours(24 * days.max(0))).unwrap_or(Timestamp::MAX);
        Window::clamped(from, to)
    }

    fn clamped(from: Timestamp, to: Timestamp) -> Window {
        if from < to {
            Window { from, to }
        } else {
            let to = from.saturating_add(SignedDuration::from_millis(1)).unwrap_or(Timestamp::MAX);
            Window { from: to.saturating_sub(SignedDuration::from_millis(1)).unwrap_or(Timestamp::MIN), to }
        }
    }

    pub fn from(&self) -> Timestamp {
        self.from
    }

    pub fn to(&self) -> Timestamp {
        self.to
    }

    pub fn contains(&self, at: Timestamp) -> bool {
        self.from <= at && at < self.to
    }

    /// The window's length in days.
    pub fn days(&self) -> f64 {
        super::days_between(self.from, self.to)
    }

    /// The first and last calendar day (UTC) the window touches.
    pub fn days_touched(&self) -> (Date, Date) {
        let last = self.to.saturating_sub(SignedDuration::from_millis(1)).unwrap_or(self.to);
        (self.from.to_zoned(TimeZone::UTC).date(), last.to_zoned(TimeZone::UTC).date())
    }

    /// Whether `person` was a member at any time in the window (days in UTC; `left` is exclusive).
    pub fn had_member(&self, person: &Person) -> bool {
        let (first, last) = self.days_touched();
        person.joined.is_none_or(|joined| joined <= last) && person.left.is_none_or(|left| left > first)
    }
}

/// A fast, deterministic hasher for id strings (FxHash's multiply-rotate). Never used for output
/// order, only for lookups.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`IdHasher`], for lookups by id in hot loops.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Dense `u32` indices for a set of people, assigned in id order.
#[derive(Clone, Debug, Default)]
pub struct PeopleIndex {
    ids: Vec<PersonId>,
    positions: FastMap<String, u32>,
}

impl PeopleIndex {
    /// Indexes the given ids (duplicates are merged).
    ///
    /// # Panics
    /// With more than `u32::MAX` people, a broken invariant of the product's scale.
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a PersonId>) -> PeopleIndex {
        let mut ids: Vec<PersonId> = ids.into_iter().cloned().collect();
        ids.sort_unstable();
        ids.dedup();
        assert!(u32::try_from(ids.len()).is_ok(), "more than u32::MAX people");
        let mut positions = FastMap::with_capacity_and_hasher(ids.len(), BuildHasherDefault::default());
        for (position, id) in ids.iter().enumerate() {
            positions.insert(id.as_str().to_owned(), position as u32);
        }
        PeopleIndex { ids, positions }
    }

    /// The eligible population of a window: everyone who was a member at any time in it.
    pub fn members(people: &[Person], window: &Window) -> PeopleIndex {
        PeopleIndex::new(people.iter().filter(|person| window.had_member(person)).map(|person| &person.id))
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn index_of(&self, id: &PersonId) -> Option<u32> {
        self.positions.get(id.as_str()).copied()
    }

    /// The id at `index`, if it is in range.
    pub fn id(&self, index: u32) -> Option<&PersonId> {
        self.ids.get(index as usize)
    }

    /// All ids, sorted; position = index.
    pub fn ids(&self) -> &[PersonId] {
        &self.ids
    }
}

/// Who gets credit for an act in per-person counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Credit {
    /// Only the actor (METRICS.md's "acts by person i"; the default).
    #[default]
    Actor,
    /// The actor and each distinct co-actor get one count each.
    ActorAndCoActors,
}

/// Per-person act counts over an eligible population, zeros included.
#[derive(Clone, Debug)]
pub struct ActivityCounts {
    /// Acts per person, by [`PeopleIndex`] index.
    pub total: Vec<u64>,
    /// Acts per person per contribution type, in [`Contribution::ALL`] order.
    pub by_kind: [Vec<u64>; 5],
    /// Acts in the window credited to nobody in the population (actor not a member).
    pub outside_population: u64,
    /// Acts in the window.
    pub acts_in_window: u64,
}

impl ActivityCounts {
    /// Counts acts started in `window` for everyone in `index` (zero rows for members without acts).
    pub fn count(index: &PeopleIndex, acts: &[Act], window: &Window, credit: Credit) -> ActivityCounts {
        let mut counts = ActivityCounts {
            total: vec![0; index.len()],
            by_kind: std::array::from_fn(|_| vec![0; index.len()]),
            outside_population: 0,
            acts_in_window: 0,
        };
        for act in acts.iter().filter(|act| window.contains(act.started_at)) {
            counts.acts_in_window += 1;
            let kind = kind_position(act.kind);
            let mut credited = counts.credit(index.index_of(&act.actor), kind);
            if credit == Credit::ActorAndCoActors {
                for (position, co_actor) in act.co_actors.iter().enumerate() {
                    let repeated = *co_actor == act.actor || act.co_actors[..position].contains(co_actor);
                    if !repeated {
                        credited |= counts.credit(index.index_of(co_actor), kind);
                    }
                }
            }
            if !credited {
                counts.outside_population += 1;
            }
        }
        counts
    }

    fn credit(&mut self, person: Option<u32>, kind: usize) -> bool {
        let Some(person) = person else { return false };
        self.total[person as usize] += 1;
        self.by_kind[kind][person as usize] += 1;
        true
    }

    /// The totals as `f64`, the input of the inequality measures.
    pub fn totals(&self) -> Vec<f64> {
        self.total.iter().map(|&count| count as f64).collect()
    }

    /// One contribution type's counts as `f64`.
    pub fn of_kind(&self, kind: Contribution) -> Vec<f64> {
        self.by_kind[kind_position(kind)].iter().map(|&count| count as f64).collect()
    }
}

/// The position of a contribution type in [`Contribution::ALL`].
pub fn kind_position(kind: Contribution) -> usize {
    match kind {
        Contribution::VisionDirection => 0,
        Contribution::ExecutionDelivery => 1,
        Contribution::RelationshipCulture => 2,
        Contribution::TechnicalExpertise => 3,
        Contribution::ChallengeCritique => 4,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::act::ActSource;
    use crate::text::Name;

    pub(crate) fn at(day: i64) -> Timestamp {
        Timestamp::from_second(day * 86_400).unwrap()
    }

    pub(crate) fn person(id: &str) -> Person {
        Person {
            id: PersonId::parse(id).unwrap(),
            name: Name::parse(id).unwrap(),
            email: None,
            skills: vec![],
            level: None,
            superior: None,
            team: None,
            joined: None,
            left: None,
        }
    }

    pub(crate) fn act(id: &str, actor: &str, kind: Contribution, day: i64) -> Act {
        Act {
            id: id.parse().unwrap(),
            actor: actor.parse().unwrap(),
            co_actors: vec![],
            targets: vec![],
            initiator: None,
            kind,
            domain: None,
            team: None,
            started_at: at(day),
            duration_s: None,
            planned: None,
            channel: None,
            influence: None,
            routine: None,
            decision: None,
            source: ActSource::SelfLog,
        }
    }

    #[test]
    fn counts_include_members_without_acts_and_skip_outsiders() {
        let mut left = person("c");
        left.left = Some("1970-01-03".parse().unwrap());
        let mut gone = person("d");
        gone.left = Some("1970-01-01".parse().unwrap());
        let people = [person("b"), person("a"), left, gone];
        let window = Window::new(at(1), at(11)).unwrap();
        let index = PeopleIndex::members(&people, &window);
        assert_eq!(index.ids().iter().map(PersonId::as_str).collect::<Vec<_>>(), ["a", "b", "c"]);

        let mut shared = act("3", "a", Contribution::ChallengeCritique, 2);
        shared.co_actors = vec!["b".parse().unwrap(), "b".parse().unwrap(), "a".parse().unwrap()];
        let acts = [
            act("1", "a", Contribution::VisionDirection, 1),
            act("2", "a", Contribution::VisionDirection, 11),
            shared,
            act("4", "zz", Contribution::VisionDirection, 3),
        ];
        let counts = ActivityCounts::count(&index, &acts, &window, Credit::Actor);
        assert_eq!(counts.total, [2, 0, 0]);
        assert_eq!(counts.of_kind(Contribution::VisionDirection), [1.0, 0.0, 0.0]);
        assert_eq!((counts.acts_in_window, counts.outside_population), (3, 1));
        let counts = ActivityCounts::count(&index, &acts, &window, Credit::ActorAndCoActors);
        assert_eq!(counts.total, [2, 1, 0]);
    }
}

//! How fast "who decides?" is answered for an organisation with 20,000 decision domains.
//! Not a test: run `cargo run --release -p polylead-core --example resolve_speed` (bench/run
//! does) and read p50/p99 of `rights::resolve` over 10,000 seeded questions, in process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use polylead_core::condition::{Attributes, Condition};
use polylead_core::dataset::Dataset;
use polylead_core::domain::{Delegation, Domain, Party, Process, Rule};
use polylead_core::person::Person;
use polylead_core::rights::{Organisation, Question, resolve};
use polylead_core::role::{Role, RoleFiller};
use polylead_core::team::Team;
use polylead_core::text::Keyword;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const TEAMS: usize = 2_000;
const PEOPLE: usize = 40_000;
const DOMAINS: usize = 20_000;
const QUESTIONS: usize = 10_000;

fn organisation(rng: &mut ChaCha8Rng, at: Timestamp) -> Dataset {
    let mut data = Dataset::default();
    for t in 0..TEAMS {
        // A tree: the first 20 teams at the top, each other team under an earlier one.
        let parent = (t >= 20).then(|| format!("t{}", rng.random_range(0..t.min(400))).parse().unwrap());
        data.teams.push(Team {
            id: format!("t{t}").parse().unwrap(),
            name: format!("Team {t}").parse().unwrap(),
            purpose: None,
            parent,
        });
    }
    for p in 0..PEOPLE {
        data.people.push(Person {
            id: format!("p{p}").parse().unwrap(),
            name: format!("Person {p}").parse().unwrap(),
            email: None,
            skills: Vec::new(),
            level: None,
            superior: None,
            team: Some(format!("t{}", p % TEAMS).parse().unwrap()),
            joined: None,
            left: None,
        });
    }
    for r in 0..DOMAINS / 2 {
        let team = format!("t{}", r % TEAMS);
        data.roles.push(Role {
            id: format!("r{r}").parse().unwrap(),
            team: team.parse().unwrap(),
            name: format!("Role {r}").parse().unwrap(),
            purpose: None,
            accountabilities: Vec::new(),
            contributions: Vec::new(),
            critical: false,
        });
        for k in 0..2 {
            let person = format!("p{}", (r * 2 + k) % PEOPLE).parse().unwrap();
            data.fillers.push(RoleFiller { role: format!("r{r}").parse().unwrap(), person, focus: None });
        }
    }
    for d in 0..DOMAINS {
        let holder = if d % 2 == 0 { format!("role:r{}", d / 2) } else { format!("team:t{}", d % TEAMS) };
        data.domains.push(Domain {
            id: format!("d{d}").parse().unwrap(),
            name: format!("Domain {d}").parse().unwrap(),
            description: None,
            keywords: vec![Keyword::parse(&format!("topic{}", d % 500)).unwrap()],
            holder: holder.parse().unwrap(),
        });
        let rule = |n: usize, condition: &str, process: Process| Rule {
            id: format!("d{d}-{n}").parse().unwrap(),
            domain: format!("d{d}").parse().unwrap(),
            position: n as u32,
            condition: Condition::parse(condition).unwrap(),
            decider: Party::Holder,
            process,
            consulted: vec![format!("team:t{}", (d + 7) % TEAMS).parse().unwrap()],
            informed: vec![format!("role:r{}", (d + 3) % (DOMAINS / 2)).parse().unwrap()],
            time_limit_hours: Some(72),
            escalate_to: Some(format!("team:t{}", d % 20).parse().unwrap()),
        };
        data.rules.push(rule(1, "amount <= 500", Process::Autonomous));
        data.rules.push(rule(2, &format!("amount <= 5000 and scope within t{}", d % TEAMS), Process::Consent));
        data.rules.push(rule(3, "tag = urgent or amount > 5000", Process::Advice));
        data.rules.push(rule(4, "always", Process::Advice));
        if d % 10 == 0 {
            data.delegations.push(Delegation {
                id: format!("g{d}").parse().unwrap(),
                domain: format!("d{d}").parse().unwrap(),
                delegate: format!("p{}", d % PEOPLE).parse().unwrap(),
                delegated_by: None,
                starts_at: at - SignedDuration::from_hours(24),
                ends_at: at + SignedDuration::from_hours(24),
                note: None,
            });
        }
    }
    data
}

fn main() {
    let mut rng = ChaCha8Rng::seed_from_u64(20261122);
    let at: Timestamp = "2026-06-01T09:00:00Z".parse().unwrap();
    let data = organisation(&mut rng, at);
    let started = Instant::now();
    let organisation = Organisation::new(&data);
    let indexed = started.elapsed();
    let questions: Vec<Question> = (0..QUESTIONS)
        .map(|_| Question {
            domain: format!("d{}", rng.random_range(0..DOMAINS)).parse().unwrap(),
            attributes: Attributes {
                amount: Some(f64::from(rng.random_range(0..20_000u32))),
                scope: Some(format!("t{}", rng.random_range(0..TEAMS)).parse().unwrap()),
                tags: vec![Keyword::parse(&format!("topic{}", rng.random_range(0..500))).unwrap()],
            },
            asker: Some(format!("p{}", rng.random_range(0..PEOPLE)).parse().unwrap()),
            at,
        })
        .collect();
    let mut micros: Vec<f64> = Vec::with_capacity(QUESTIONS);
    let mut advisors = 0usize;
    for question in &questions {
        let started = Instant::now();
        let answer = resolve(&organisation, question).unwrap();
        micros.push(started.elapsed().as_secs_f64() * 1e6);
        advisors += answer.advisors.len();
    }
    micros.sort_by(f64::total_cmp);
    let at_quantile = |q: f64| micros[((micros.len() - 1) as f64 * q).round() as usize];
    println!(
        "resolve: {DOMAINS} domains ({} rules, {} delegations), {PEOPLE} people, {TEAMS} teams; indexed in {:.0} ms",
        data.rules.len(),
        data.delegations.len(),
        indexed.as_secs_f64() * 1e3
    );
    println!(
        "  {QUESTIONS} questions: p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs (mean {:.1} advisors per answer)",
        at_quantile(0.50),
        at_quantile(0.99),
        micros[micros.len() - 1],
        advisors as f64 / QUESTIONS as f64
    );
}

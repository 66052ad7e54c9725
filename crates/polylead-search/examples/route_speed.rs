//! How fast free-text routing and expert finding are on a large organisation: builds the
//! demo generator's care organisation (default 100,000 people), indexes its first 20,000
//! domains and all its people, then times 1,000 queries of each kind and prints p50/p99.
//!
//! ```sh
//! cargo run --release -p polylead-search --example route_speed -- [people] [domains] [queries]
//! ```
//!
//! The queries are decision titles of the organisation (what people type when they ask where
//! a decision belongs), half of them wrapped in request phrasing, plus a few skills and
//! keywords; chosen by a fixed-seed generator, so every run asks the same questions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use polylead_core::dataset::Dataset;
use polylead_core::demo::{DemoSpec, Profile, generate};
use polylead_search::{DomainIndex, ExpertIndex};

fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<usize>().expect("a number"));
    let people = args.next().unwrap_or(100_000);
    let domains = args.next().unwrap_or(20_000);
    let queries = args.next().unwrap_or(1_000);

    let started = Instant::now();
    let spec = DemoSpec {
        profile: Profile::Care,
        people: u32::try_from(people).unwrap(),
        seed: 1,
        until: "2026-11-01T00:00:00Z".parse().unwrap(),
    };
    let mut data = generate(&spec).unwrap();
    println!(
        "demo: {} people, {} domains, {} roles, {} decisions, {} responses, {} advice ties, generated in {:.1} s",
        data.people.len(),
        data.domains.len(),
        data.roles.len(),
        data.decisions.len(),
        data.responses.len(),
        data.ties.len(),
        started.elapsed().as_secs_f64()
    );
    let all_domains = data.domains.len();
    let texts = questions(&data, queries);

    // The full organisation's domains first, then the benchmark's share of them.
    let full = timed(|| DomainIndex::build(&data).unwrap());
    println!("domain index, all {all_domains} domains: built in {}", ms(full.1));
    report("route, all domains", &texts, |text| full.0.route(text, 10).unwrap().len());
    drop(full);

    data.domains.truncate(domains);
    let (domain_index, built) = timed(|| DomainIndex::build(&data).unwrap());
    println!("domain index, {} domains: built in {}", domain_index.len(), ms(built));
    let (expert_index, built) = timed(|| ExpertIndex::build(&data).unwrap());
    println!("expert index, {} people: built in {}", expert_index.len(), ms(built));

    let sample = &texts[0];
    println!("sample query {sample:?}:");
    for found in domain_index.route(sample, 3).unwrap() {
        let domain = data.domains.iter().find(|d| d.id == found.domain).unwrap();
        let matched: Vec<String> = found.matched.iter().map(ToString::to_string).collect();
        println!("  domain {} {:?} {:.2} [{}]", found.domain, domain.name.as_str(), found.score, matched.join("; "));
    }
    for found in expert_index.experts(sample, 3).unwrap() {
        println!("  person {} {:.2} [{}]", found.person, found.score, found.reasons.join("; "));
    }

    report("route", &texts, |text| domain_index.route(text, 10).unwrap().len());
    report("experts", &texts, |text| expert_index.experts(text, 10).unwrap().len());
}

/// Decision titles, half of them phrased as a request, every tenth a skill.
fn questions(data: &Dataset, count: usize) -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        // xorshift64*: enough to spread the picks, and the same on every run.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % bound
    };
    let skills: Vec<&str> = data.people.iter().flat_map(|p| p.skills.iter().map(|s| s.as_str())).collect();
    (0..count)
        .map(|n| {
            if n % 10 == 9 && !skills.is_empty() {
                return skills[next(skills.len())].to_owned();
            }
            let title = &data.decisions[next(data.decisions.len())].title;
            if n % 2 == 0 { format!("we want to {}", title.to_lowercase()) } else { title.clone() }
        })
        .collect()
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = work();
    (value, started.elapsed())
}

fn report(label: &str, texts: &[String], mut search: impl FnMut(&str) -> usize) {
    // One warm-up pass over a tenth, then the timed pass.
    for text in texts.iter().take(texts.len() / 10) {
        search(text);
    }
    let mut times = Vec::with_capacity(texts.len());
    let mut found = 0usize;
    for text in texts {
        let (hits, took) = timed(|| search(text));
        found += hits;
        times.push(took);
    }
    times.sort();
    let at = |quantile: f64| times[((times.len() as f64 * quantile) as usize).min(times.len() - 1)];
    println!(
        "{label}: {} queries, p50 {}, p99 {}, max {}, {:.1} results per query",
        times.len(),
        ms(at(0.50)),
        ms(at(0.99)),
        ms(times[times.len() - 1]),
        found as f64 / texts.len() as f64
    );
}

fn ms(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

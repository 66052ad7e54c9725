//! Routing on the demo generator's organisations.

use polylead_core::dataset::Dataset;
use polylead_core::demo::{DemoSpec, Profile, generate};
use polylead_search::{DomainIndex, ExpertIndex};

fn demo(profile: Profile) -> Dataset {
    let spec = DemoSpec { profile, people: 300, seed: 7, until: "2025-11-30T18:00:00Z".parse().unwrap() };
    generate(&spec).unwrap()
}

#[test]
fn demo_domains_are_found_by_their_own_name_and_description() {
    for profile in Profile::ALL {
        let data = demo(profile);
        let index = DomainIndex::build(&data).unwrap();
        assert_eq!(index.len(), data.domains.len());
        for domain in data.domains.iter().step_by(7) {
            let text = format!("{} {}", domain.name, domain.description.as_deref().unwrap_or_default());
            let matches = index.route(&text, 3).unwrap();
            assert_eq!(matches[0].domain, domain.id, "{profile}: {text}");
        }
    }
}

#[test]
fn demo_descriptions_alone_find_domains_of_their_kind() {
    for profile in Profile::ALL {
        let data = demo(profile);
        let index = DomainIndex::build(&data).unwrap();
        for domain in data.domains.iter().step_by(11) {
            let Some(description) = domain.description.as_deref() else { continue };
            // All domains of a kind share a description and differ only in their holders' text:
            // the domain ranks among its kind (with some slack for near-identical kinds).
            let kind = data.domains.iter().filter(|d| d.description.as_deref() == Some(description)).count();
            let matches = index.route(description, index.len()).unwrap();
            let rank = matches.iter().position(|m| m.domain == domain.id).unwrap();
            assert!(rank < 2 * kind, "{profile}: {description} ranks {rank}, {kind} of its kind");
        }
    }
}

#[test]
fn demo_experts_have_reasons() {
    let data = demo(Profile::Care);
    let index = ExpertIndex::build(&data).unwrap();
    assert_eq!(index.len(), data.people.len());
    let skill = data.people.iter().flat_map(|p| p.skills.first()).next().unwrap();
    let found = index.experts(skill.as_str(), 10).unwrap();
    assert!(!found.is_empty());
    assert!(found.iter().all(|m| !m.reasons.is_empty()));
    assert!(found.windows(2).all(|pair| pair[0].score >= pair[1].score));
}

//! A lattice organisation (after W. L. Gore): associates commit to small project teams, each
//! with a sponsor from elsewhere; people work in one to three teams; a few functional guilds
//! keep the crafts together; sponsors are the only formal line.

use rand::Rng;

use super::draft::{
    Candidates, Draft, HolderDraft, Ix, PartyDraft, Position, RoleTemplate, TeamKind, rule, skills, split,
};
use super::names::{PROJECTS, nth};
use super::random::{chance, pick, poisson};
use super::templates::DomainKind;
use crate::domain::Process;
use crate::error::ValidationError;
use crate::role::Contribution::{
    ChallengeCritique, ExecutionDelivery, RelationshipCulture, TechnicalExpertise, VisionDirection,
};

const CRAFT: &[&str] = &[
    "polymer chemistry",
    "materials testing",
    "mechanical design",
    "cad",
    "embedded software",
    "firmware",
    "data analysis",
    "regulatory affairs",
    "quality systems",
    "manufacturing engineering",
    "lean",
    "supply chain",
    "product management",
    "ux design",
    "statistics",
    "process control",
    "membranes",
    "coatings",
    "electronics",
];
const COMMERCIAL: &[&str] = &["sales", "key accounts", "negotiation", "marketing", "customer research"];
const LEADING: &[&str] = &["strategy", "finance", "people development", "negotiation", "portfolio management"];
const SERVICES: &[&str] = &["finance", "legal", "payroll", "recruitment", "it", "procurement"];
const DIVISIONS: &[&str] = &[
    "Medical products",
    "Industrial products",
    "Fabrics",
    "Electronics",
    "Filtration",
    "Energy",
    "Aerospace",
    "Consumer",
];
const GUILDS: &[&str] = &[
    "Engineering guild",
    "Manufacturing guild",
    "Quality guild",
    "Design guild",
    "Sales guild",
    "Data and software guild",
];

static CEO: RoleTemplate = RoleTemplate {
    name: "Chief executive",
    purpose: "Keeps the enterprise true to its principles and its direction.",
    accountabilities: &["Enterprise strategy", "Relations with owners"],
    contributions: &[VisionDirection, ChallengeCritique],
    critical: true,
    foci: &[],
};
static DIVISION_LEADER: RoleTemplate = RoleTemplate {
    name: "Division leader",
    purpose: "Balances the division's portfolio of projects and its people.",
    accountabilities: &["Starting and stopping projects", "Hiring into the division"],
    contributions: &[VisionDirection, ExecutionDelivery],
    critical: true,
    foci: &[],
};
static PROJECT_LEADER: RoleTemplate = RoleTemplate {
    name: "Project leader",
    purpose: "Keeps the team's commitments visible and its work moving; chosen by the team.",
    accountabilities: &["Planning with the team", "The project budget", "Reporting to the sponsor"],
    contributions: &[ExecutionDelivery, VisionDirection],
    critical: true,
    foci: &[],
};
static SPONSOR: RoleTemplate = RoleTemplate {
    name: "Sponsor",
    purpose: "Supports the team from outside: asks hard questions, opens doors.",
    accountabilities: &["Monthly review with the team", "Coaching the project leader"],
    contributions: &[RelationshipCulture, ChallengeCritique],
    critical: false,
    foci: &[],
};
static CUSTOMER_LIAISON: RoleTemplate = RoleTemplate {
    name: "Customer liaison",
    purpose: "Keeps the customer's voice in the team.",
    accountabilities: &["Customer meetings", "Field-trial feedback"],
    contributions: &[RelationshipCulture, ExecutionDelivery],
    critical: false,
    foci: &[],
};
static CONTRIBUTOR: RoleTemplate = RoleTemplate {
    name: "Contributor",
    purpose: "Commits part of their time to this team from another one.",
    accountabilities: &["The commitments agreed with the team"],
    contributions: &[TechnicalExpertise, ExecutionDelivery],
    critical: false,
    foci: &["testing", "design reviews", "process engineering", "data analysis", "customer trials"],
};
static GUILD_STEWARD: RoleTemplate = RoleTemplate {
    name: "Guild steward",
    purpose: "Keeps the craft's methods shared and current.",
    accountabilities: &["Guild meetings", "Standards and methods", "Mentoring across teams"],
    contributions: &[TechnicalExpertise, VisionDirection],
    critical: false,
    foci: &[],
};
static GUILD_MEMBER: RoleTemplate = RoleTemplate {
    name: "Guild member",
    purpose: "Shares and learns the craft across teams.",
    accountabilities: &["Taking part in guild reviews"],
    contributions: &[TechnicalExpertise],
    critical: false,
    foci: &[],
};
static COMPENSATION_COMMITTEE: RoleTemplate = RoleTemplate {
    name: "Compensation committee",
    purpose: "Runs the peer ranking that sets pay.",
    accountabilities: &["The yearly peer ranking", "Pay bands"],
    contributions: &[ChallengeCritique, RelationshipCulture],
    critical: false,
    foci: &[],
};
static FINANCE_LEGAL: RoleTemplate = RoleTemplate {
    name: "Finance and legal",
    purpose: "Keeps the money and contracts sound.",
    accountabilities: &["Monthly figures", "Contracts", "Audits"],
    contributions: &[TechnicalExpertise, ExecutionDelivery],
    critical: true,
    foci: &[],
};
static FINANCE_PARTNER: RoleTemplate = RoleTemplate {
    name: "Finance partner",
    purpose: "Advises project teams and divisions on spending and contracts.",
    accountabilities: &["Advice on budgets", "Contract reviews"],
    contributions: &[TechnicalExpertise],
    critical: false,
    foci: &[],
};
static PEOPLE_PARTNER: RoleTemplate = RoleTemplate {
    name: "People partner",
    purpose: "Advises divisions on hiring and associates on their development.",
    accountabilities: &["Advice on hiring", "Development conversations"],
    contributions: &[RelationshipCulture, TechnicalExpertise],
    critical: false,
    foci: &[],
};
static PEOPLE_TALENT: RoleTemplate = RoleTemplate {
    name: "People and talent",
    purpose: "Recruitment, pay administration and learning for associates.",
    accountabilities: &["Recruitment", "Onboarding", "Learning programmes"],
    contributions: &[RelationshipCulture, TechnicalExpertise],
    critical: true,
    foci: &[],
};

pub(super) fn build(draft: &mut Draft, rng: &mut impl Rng, people: u32, name: &str) -> Result<(), ValidationError> {
    let root = draft.team(
        name,
        "Innovative materials, made by small teams of associates who commit to their own work.",
        None,
        TeamKind::Root,
    );
    let ceo = draft.person(root, None, Position::Head, skills(rng, LEADING, 3));
    let ceo_role = draft.role(root, &CEO);
    draft.fill(ceo_role, ceo);
    let ceo_party = Some(PartyDraft::Role(ceo_role));

    let services = if people >= 40 { 2 + people / 200 } else { 0 };
    // The finance and people leads hold the policies; teams ask the partners for advice.
    let mut finance = ceo_role;
    let (mut finance_partner, mut people_partner) = (ceo_role, ceo_role);
    if services > 0 {
        let team = draft.team(
            "Enterprise services",
            "Finance, legal, people and IT for the teams.",
            Some(root),
            TeamKind::Office,
        );
        let lead = draft.person(team, Some(ceo), Position::Lead, skills(rng, SERVICES, 3));
        finance = draft.role(team, &FINANCE_LEGAL);
        draft.fill(finance, lead);
        let second = draft.person(team, Some(lead), Position::Staff, skills(rng, SERVICES, 2));
        let people_role = draft.role(team, &PEOPLE_TALENT);
        draft.fill(people_role, second);
        finance_partner = draft.role(team, &FINANCE_PARTNER);
        people_partner = draft.role(team, &PEOPLE_PARTNER);
        draft.fill(finance_partner, lead);
        draft.fill(people_partner, second);
        for index in 2..services {
            let person = draft.person(team, Some(lead), Position::Staff, skills(rng, SERVICES, 2));
            draft.fill(if index % 2 == 0 { finance_partner } else { people_partner }, person);
        }
        draft.domain(
            DomainKind::Finance,
            "Financial procedures and contracts".to_owned(),
            HolderDraft::Role(finance),
            3.0,
            vec![rule("always", Process::Advice)?.consult(ceo_party).within_hours(168)],
        );
        draft.domain(
            DomainKind::HrPolicy,
            "People policies".to_owned(),
            HolderDraft::Role(people_role),
            3.0 + f64::from(people) / 10000.0,
            vec![
                rule("tag = policy", Process::Consent)?
                    .consult(Some(PartyDraft::Team(root)))
                    .within_hours(336)
                    .escalate(ceo_party),
                rule("always", Process::Advice)?.consult(ceo_party).within_hours(168),
            ],
        );
        draft.governance(team, ceo_party)?;
    }

    let divisions = if people >= 150 { (people / 400).clamp(2, 12) } else { 0 };
    let guild_count = if people >= 30 { (people / 80).clamp(2, GUILDS.len() as u32) } else { 0 };
    let associates = people - 1 - services - divisions;
    let shares = split(rng, associates, divisions.max(1), 8);
    let mut all_associates = Vec::new();
    let mut all_sponsors = Vec::new();
    let mut team_index = 0;
    for (index, share) in shares.iter().enumerate() {
        let (division, leader, leader_role) = if divisions == 0 {
            (root, ceo, ceo_role)
        } else {
            let division = draft.team(
                nth(DIVISIONS, index),
                "Develops and sells one family of products.",
                Some(root),
                TeamKind::Group,
            );
            let leader = draft.person(division, Some(ceo), Position::Senior, skills(rng, LEADING, 2));
            let role = draft.role(division, &DIVISION_LEADER);
            draft.fill(role, leader);
            (division, leader, role)
        };
        let leader_party = Some(PartyDraft::Role(leader_role));
        let team_count = ((f64::from(*share) / 10.5).round() as u32).max(1);
        let sizes = split(rng, *share, team_count, 5);
        let teams: Vec<Ix> = (0..team_count)
            .map(|_| {
                team_index += 1;
                draft.team(
                    format!("Project {}", nth(PROJECTS, team_index - 1)),
                    "Develops a product with its customers, from idea to pilot production.",
                    Some(division),
                    TeamKind::Unit,
                )
            })
            .collect();
        // Sponsors first (about one associate in ten), then everyone else, each with a sponsor.
        let sponsor_count = (*share / 10).max(1);
        let mut sponsors = Vec::new();
        let mut placed = vec![0u32; teams.len()];
        for sponsor in 0..sponsor_count {
            let slot = (sponsor * team_count / sponsor_count) as usize;
            let person = draft.person(teams[slot], Some(leader), Position::Lead, associate_skills(rng));
            placed[slot] += 1;
            sponsors.push(person);
        }
        let mut members_of = Vec::new();
        for (slot, team) in teams.iter().enumerate() {
            let mut members: Vec<Ix> =
                sponsors.iter().copied().filter(|sponsor| draft.people[*sponsor as usize].team == *team).collect();
            for _ in placed[slot]..sizes[slot] {
                let sponsor = pick(rng, &sponsors).copied().unwrap_or(leader);
                let position = if chance(rng, 0.07) { Position::Specialist } else { Position::Member };
                let person = draft.person(*team, Some(sponsor), position, associate_skills(rng));
                members.push(person);
            }
            members_of.push(members);
        }
        let division_people: Vec<Ix> = members_of.iter().flatten().copied().collect();
        let contributors = draft.list(division_people.clone());
        for (slot, team) in teams.iter().enumerate() {
            let size = members_of[slot].len();
            let project_leader = draft.role(*team, &PROJECT_LEADER);
            draft.rotate(project_leader, Candidates::Team(*team), 1);
            let sponsor_role = draft.role(*team, &SPONSOR);
            let outside: Vec<Ix> =
                sponsors.iter().copied().filter(|s| draft.people[*s as usize].team != *team).collect();
            draft.fill(sponsor_role, pick(rng, &outside).copied().unwrap_or(leader));
            if size >= 6 {
                let liaison = draft.role(*team, &CUSTOMER_LIAISON);
                draft.rotate(liaison, Candidates::Team(*team), 1);
            }
            let contributor = draft.role(*team, &CONTRIBUTOR);
            draft.rotate(contributor, contributors, poisson(rng, 0.45 * size as f64).min(6));
            project_domains(draft, *team, size, project_leader, sponsor_role, leader_party, finance_partner)?;
        }
        if divisions > 0 {
            draft.domain(
                DomainKind::Portfolio,
                format!("Portfolio of {}", draft.teams[division as usize].name),
                HolderDraft::Role(leader_role),
                2.0 + 0.2 * f64::from(team_count),
                vec![
                    rule("amount <= 100000", Process::Advice)?
                        .consult(Some(PartyDraft::Role(finance_partner)))
                        .within_hours(240),
                    rule("always", Process::Consent)?.consult(Some(PartyDraft::Team(root))).within_hours(336),
                ],
            );
            draft.domain(
                DomainKind::Hiring,
                format!("Hiring into {}", draft.teams[division as usize].name),
                HolderDraft::Role(leader_role),
                1.0 + f64::from(*share) / 40.0,
                vec![
                    rule("tag = permanent", Process::Consent)?
                        .consult(Some(PartyDraft::Role(people_partner)))
                        .within_hours(336)
                        .escalate(ceo_party),
                    rule("always", Process::Advice)?.consult(Some(PartyDraft::Role(people_partner))).within_hours(168),
                ],
            );
            draft.governance(division, ceo_party)?;
        }
        all_associates.extend(division_people);
        all_sponsors.extend(sponsors);
    }

    // Guilds: a steward from the sponsors, members from everywhere.
    let everyone = draft.list(all_associates.clone());
    let sponsor_list = draft.list(all_sponsors);
    for guild_name in GUILDS.iter().take(guild_count as usize) {
        let guild =
            draft.team(*guild_name, "Keeps a craft's methods shared across teams.", Some(root), TeamKind::Guild);
        let steward = draft.role(guild, &GUILD_STEWARD);
        draft.rotate(steward, sponsor_list, 1);
        let member = draft.role(guild, &GUILD_MEMBER);
        let count = (all_associates.len() as f64 * 0.3 / f64::from(guild_count)).round() as u32;
        draft.rotate(member, everyone, count.max(2));
        draft.domain(
            DomainKind::Standards,
            format!("Standards of the {}", guild_name.to_lowercase()),
            HolderDraft::Role(steward),
            2.0 + f64::from(count) / 100.0,
            vec![
                rule("tag = mandatory", Process::Consent)?
                    .consult(Some(PartyDraft::Team(guild)))
                    .within_hours(336)
                    .escalate(ceo_party),
                rule("always", Process::Advice)?.consult(Some(PartyDraft::Team(guild))).within_hours(240),
            ],
        );
        draft.governance(guild, ceo_party)?;
    }

    let committee = draft.role(root, &COMPENSATION_COMMITTEE);
    draft.fill(committee, ceo);
    draft.rotate(committee, sponsor_list, 3);
    let enterprise = Some(PartyDraft::Team(root));
    draft.domain(
        DomainKind::Compensation,
        "Compensation".to_owned(),
        HolderDraft::Role(committee),
        2.0,
        vec![rule("always", Process::Consent)?.consult(enterprise).within_hours(336).escalate(ceo_party)],
    );
    draft.domain(
        DomainKind::OrgBudget,
        "Enterprise budget and investments".to_owned(),
        HolderDraft::Role(ceo_role),
        (3.0 + f64::from(people) / 4000.0).min(40.0),
        vec![
            rule("amount <= 250000", Process::Advice)?.consult(Some(PartyDraft::Role(finance))).within_hours(240),
            rule("always", Process::Consent)?.consult(enterprise).within_hours(336),
        ],
    );
    draft.domain(
        DomainKind::Strategy,
        "Enterprise strategy".to_owned(),
        HolderDraft::Role(ceo_role),
        2.0,
        vec![rule("always", Process::Advice)?.consult(enterprise).within_hours(336)],
    );
    draft.governance(root, None)?;
    Ok(())
}

fn associate_skills(rng: &mut impl Rng) -> Vec<&'static str> {
    let mut known = skills(rng, CRAFT, 2);
    if chance(rng, 0.2) {
        known.extend(skills(rng, COMMERCIAL, 1));
    }
    known
}

fn project_domains(
    draft: &mut Draft,
    team: Ix,
    size: usize,
    leader: Ix,
    sponsor: Ix,
    division_leader: Option<PartyDraft>,
    finance: Ix,
) -> Result<(), ValidationError> {
    let whole = Some(PartyDraft::Team(team));
    let sponsor = Some(PartyDraft::Role(sponsor));
    let f = size as f64 / 11.0;
    let name = draft.teams[team as usize].name.clone();
    draft.domain(
        DomainKind::Scope,
        format!("Scope of {name}"),
        HolderDraft::Team(team),
        2.5 * f,
        vec![
            rule("tag = \"customer commitment\"", Process::Consent)?
                .consult(sponsor)
                .within_hours(240)
                .escalate(division_leader),
            rule("always", Process::Consent)?.inform(sponsor).within_hours(168).escalate(sponsor),
        ],
    );
    draft.domain(
        DomainKind::ProjectBudget,
        format!("Budget of {name}"),
        HolderDraft::Role(leader),
        4.0 * f,
        vec![
            rule("amount <= 5000", Process::Autonomous)?.inform(whole),
            rule("amount <= 50000", Process::Advice)?
                .consult(sponsor)
                .consult(Some(PartyDraft::Role(finance)))
                .within_hours(168)
                .escalate(sponsor),
            rule("always", Process::Consent)?
                .consult(whole)
                .consult(sponsor)
                .within_hours(336)
                .escalate(division_leader),
        ],
    );
    draft.domain(
        DomainKind::Staffing,
        format!("Commitments in {name}"),
        HolderDraft::Team(team),
        2.0 * f,
        vec![rule("always", Process::Consent)?.consult(sponsor).within_hours(168).escalate(division_leader)],
    );
    draft.governance(team, sponsor)?;
    Ok(())
}

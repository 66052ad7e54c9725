//! Home care by self-managing nursing teams (after Buurtzorg): teams of 10-12 nurses that
//! rotate their own roles, grouped in regions, a coach for every 4-6 teams, a small back office.

use rand::Rng;

use super::draft::{
    Candidates, Draft, HolderDraft, Ix, PartyDraft, Position, ROOT, RoleTemplate, TeamKind, rule, skills, split,
};
use super::names::{NEIGHBOURHOODS, nth};
use super::random::chance;
use super::templates::DomainKind;
use crate::domain::Process;
use crate::error::ValidationError;
use crate::role::Contribution::{
    ChallengeCritique, ExecutionDelivery, RelationshipCulture, TechnicalExpertise, VisionDirection,
};

/// What nurses know about.
pub(super) const NURSING: &[&str] = &[
    "elderly care",
    "medication management",
    "wound care",
    "diabetes care",
    "dementia care",
    "palliative care",
    "infection control",
    "falls prevention",
    "continence care",
    "heart failure",
    "respiratory care",
    "nutrition",
    "stoma care",
    "mental health",
];
/// Specialisms colleagues seek out.
const SPECIALISMS: &[&str] =
    &["tissue viability", "palliative care", "dementia care", "diabetes care", "mental health", "medication safety"];
const TEAMWORK: &[&str] =
    &["rostering", "client intake", "mentoring", "budgeting", "quality improvement", "facilitation"];
const COACHING: &[&str] = &["coaching", "facilitation", "conflict resolution", "self-management", "team development"];
const LEADING: &[&str] = &["strategy", "finance", "partnerships", "self-management", "public speaking"];
const FINANCE_SKILLS: &[&str] = &["finance", "bookkeeping", "payroll", "contracts", "reporting"];
const HR_SKILLS: &[&str] = &["recruitment", "employment law", "onboarding", "wellbeing", "payroll"];
const IT_SKILLS: &[&str] = &["it support", "data protection", "networks", "rostering software", "devices"];
const REGIONS: &[&str] = &["North", "East", "South", "West", "Central", "Coast", "Valley", "Uplands", "Riverside"];

static DIRECTOR: RoleTemplate = RoleTemplate {
    name: "Director",
    purpose: "Holds the organisation's direction and its relations with funders.",
    accountabilities: &["Setting direction with coaches and teams", "Relations with municipalities and insurers"],
    contributions: &[VisionDirection, ChallengeCritique],
    critical: true,
    foci: &[],
};
static LEADERSHIP_CIRCLE: RoleTemplate = RoleTemplate {
    name: "Leadership circle member",
    purpose: "Brings a region's or function's view into organisation-wide decisions.",
    accountabilities: &["Preparing organisation-wide proposals", "Giving consent on policy"],
    contributions: &[VisionDirection, ChallengeCritique],
    critical: false,
    foci: &[],
};
static REGIONAL_DIRECTOR: RoleTemplate = RoleTemplate {
    name: "Regional director",
    purpose: "Keeps the region's teams supported and resourced.",
    accountabilities: &["Allocating the regional budget", "Supporting the coaches", "Opening new teams"],
    contributions: &[VisionDirection, ExecutionDelivery],
    critical: true,
    foci: &[],
};
static COACH: RoleTemplate = RoleTemplate {
    name: "Team coach",
    purpose: "Helps self-managing teams solve their own problems.",
    accountabilities: &["Coaching teams on request", "Facilitating difficult meetings", "Noticing teams that struggle"],
    contributions: &[RelationshipCulture, ChallengeCritique],
    critical: true,
    foci: &[],
};
static ROTA_PLANNER: RoleTemplate = RoleTemplate {
    name: "Rota planner",
    purpose: "Makes the rota work for clients and colleagues. Rotates yearly.",
    accountabilities: &["Drafting the four-weekly rota", "Arranging cover"],
    contributions: &[ExecutionDelivery],
    critical: false,
    foci: &["night shifts", "weekends", "holiday cover"],
};
static MENTOR: RoleTemplate = RoleTemplate {
    name: "Mentor",
    purpose: "Helps new and student colleagues find their feet. Rotates yearly.",
    accountabilities: &["Mentoring new colleagues", "Supervising student placements"],
    contributions: &[RelationshipCulture, TechnicalExpertise],
    critical: false,
    foci: &["student nurses", "new colleagues"],
};
static QUALITY: RoleTemplate = RoleTemplate {
    name: "Quality and safety",
    purpose: "Keeps care safe and makes sure the team learns from incidents. Rotates yearly.",
    accountabilities: &["Running audits", "Reporting incidents", "Keeping protocols current"],
    contributions: &[TechnicalExpertise, ChallengeCritique],
    critical: false,
    foci: &["medication", "infection control", "falls"],
};
static INTAKE: RoleTemplate = RoleTemplate {
    name: "Client intake",
    purpose: "Welcomes new clients and plans their first weeks of care. Rotates yearly.",
    accountabilities: &["First visits to new clients", "Liaison with GPs and hospitals"],
    contributions: &[ExecutionDelivery, RelationshipCulture],
    critical: false,
    foci: &["hospital discharges", "GP referrals"],
};
static TEAM_FINANCE: RoleTemplate = RoleTemplate {
    name: "Finance and budget",
    purpose: "Keeps the team's spending within its budget. Rotates yearly.",
    accountabilities: &["Tracking team spending", "Preparing the budget review"],
    contributions: &[ExecutionDelivery, VisionDirection],
    critical: false,
    foci: &[],
};
static FACILITATOR: RoleTemplate = RoleTemplate {
    name: "Meeting facilitator",
    purpose: "Runs team meetings so everyone is heard. Rotates every few months.",
    accountabilities: &["Preparing the agenda", "Facilitating team meetings", "Keeping the decision log"],
    contributions: &[RelationshipCulture, VisionDirection],
    critical: false,
    foci: &[],
};
static OFFICE_MANAGER: RoleTemplate = RoleTemplate {
    name: "Office manager",
    purpose: "Runs finance and HR for a small organisation.",
    accountabilities: &["Payroll and invoicing", "Contracts and HR policy"],
    contributions: &[ExecutionDelivery, TechnicalExpertise],
    critical: true,
    foci: &[],
};
static FINANCE_LEAD: RoleTemplate = RoleTemplate {
    name: "Finance lead",
    purpose: "Keeps the organisation's money in order so teams can spend with confidence.",
    accountabilities: &["Monthly figures per team", "Invoicing funders", "Payroll"],
    contributions: &[TechnicalExpertise, ExecutionDelivery],
    critical: true,
    foci: &[],
};
static HR_LEAD: RoleTemplate = RoleTemplate {
    name: "HR lead",
    purpose: "Supports teams in hiring, contracts and wellbeing.",
    accountabilities: &["Contracts", "Advice on hiring", "Absence and wellbeing"],
    contributions: &[RelationshipCulture, TechnicalExpertise],
    critical: true,
    foci: &[],
};
static FINANCE_ADVISOR: RoleTemplate = RoleTemplate {
    name: "Finance advisor",
    purpose: "Advises teams on spending, budgets and invoices.",
    accountabilities: &["Advice on team spending", "Budget reviews with teams"],
    contributions: &[TechnicalExpertise],
    critical: false,
    foci: &[],
};
static HR_ADVISOR: RoleTemplate = RoleTemplate {
    name: "HR advisor",
    purpose: "Advises teams on hiring, contracts and absence.",
    accountabilities: &["Advice on vacancies and contracts", "Absence support"],
    contributions: &[TechnicalExpertise, RelationshipCulture],
    critical: false,
    foci: &[],
};
static IT_LEAD: RoleTemplate = RoleTemplate {
    name: "IT support",
    purpose: "Keeps devices and systems working for nurses on the road.",
    accountabilities: &["Devices", "The client record and rostering systems"],
    contributions: &[TechnicalExpertise],
    critical: true,
    foci: &[],
};

/// The back office's roles that nursing teams' rules refer to.
struct Functions {
    finance: Ix,
    hr: Ix,
}

pub(super) fn build(draft: &mut Draft, rng: &mut impl Rng, people: u32, name: &str) -> Result<(), ValidationError> {
    let root = draft.team(name, "Good care at home, organised by the nurses who give it.", None, TeamKind::Root);
    let director = draft.person(root, None, Position::Head, skills(rng, LEADING, 3));
    let director_role = draft.role(root, &DIRECTOR);
    draft.fill(director_role, director);
    let circle = draft.role(root, &LEADERSHIP_CIRCLE);
    let director_party = Some(PartyDraft::Role(director_role));

    let back = match people {
        30.. => 3 + (people - 30) / 150,
        12.. => 1,
        _ => 0,
    };
    let functions = back_office(draft, rng, director, director_role, back, circle)?;
    let functions = functions.unwrap_or(Functions { finance: director_role, hr: director_role });

    let left = people - 1 - back;
    let (coaches, regions) = match left {
        15.. => {
            let estimate = left / 12;
            (estimate.div_ceil(5), if estimate >= 40 { estimate.div_ceil(25) } else { 1 })
        }
        _ => (0, 1),
    };
    let regional_directors = if regions >= 2 { regions } else { 0 };
    let nurses = left - coaches - regional_directors;
    let team_count = ((f64::from(nurses) / 11.0).round() as u32).max(1);
    let sizes = split(rng, nurses, team_count, 6);

    // Regions, each with a regional director, or the whole organisation as one region.
    let mut region_teams = Vec::new();
    let mut region_heads = Vec::new();
    for index in 0..regional_directors {
        let region = draft.team(
            format!("Region {}", nth(REGIONS, index as usize)),
            "Supports the nursing teams of one region.",
            Some(root),
            TeamKind::Group,
        );
        let head = draft.person(region, Some(director), Position::Senior, skills(rng, LEADING, 2));
        let role = draft.role(region, &REGIONAL_DIRECTOR);
        draft.fill(role, head);
        draft.fill(circle, head);
        region_teams.push(region);
        region_heads.push((head, role));
    }
    if region_teams.is_empty() {
        region_teams.push(root);
        region_heads.push((director, director_role));
    }
    for (index, region) in region_teams.iter().enumerate() {
        if *region != root {
            let head_role = Some(PartyDraft::Role(region_heads[index].1));
            let rate = 3.0 + 0.3 * f64::from(team_count) / region_teams.len() as f64;
            draft.domain(
                DomainKind::RegionalBudget,
                format!("Budget of {}", draft.teams[*region as usize].name),
                HolderDraft::Role(region_heads[index].1),
                rate,
                vec![
                    rule("amount <= 25000", Process::Autonomous)?.inform(Some(PartyDraft::Team(*region))),
                    rule("always", Process::Advice)?
                        .consult(director_party)
                        .consult(Some(PartyDraft::Role(functions.finance)))
                        .within_hours(168)
                        .escalate(director_party),
                ],
            );
            draft.governance(*region, head_role)?;
        }
    }

    // Coaches: each looks after a run of consecutive teams (4-6), within one region.
    let region_of = |team: u32| (team as usize * region_teams.len()) / team_count as usize;
    let mut coach_of_team: Vec<Option<(Ix, Ix)>> = vec![None; team_count as usize];
    for coach in 0..coaches {
        let first = (coach * team_count / coaches) as usize;
        let last = (((coach + 1) * team_count / coaches) as usize).max(first + 1);
        let region = region_of(first as u32);
        let person =
            draft.person(region_teams[region], Some(region_heads[region].0), Position::Lead, skills(rng, COACHING, 3));
        let names: Vec<String> = (first..last).map(|team| nth(NEIGHBOURHOODS, team)).collect();
        let role = draft.named_role(region_teams[region], &COACH, format!("Team coach ({})", names.join(", ")));
        draft.fill(role, person);
        if regional_directors == 0 {
            draft.fill(circle, person);
        }
        for slot in coach_of_team.iter_mut().take(last.min(team_count as usize)).skip(first) {
            *slot = Some((person, role));
        }
    }

    for (index, size) in sizes.iter().enumerate() {
        let region = region_of(index as u32);
        let (boss, coach_role) = coach_of_team[index].unwrap_or((region_heads[region].0, region_heads[region].1));
        let team = draft.team(
            format!("Team {}", nth(NEIGHBOURHOODS, index)),
            "Care at home for the neighbourhood's clients, planned and given by the team.",
            Some(region_teams[region]),
            TeamKind::Unit,
        );
        for _ in 0..*size {
            let specialist = chance(rng, 0.08);
            let mut known = skills(rng, NURSING, 2);
            if specialist {
                let specialism = SPECIALISMS[rng.random_range(0..SPECIALISMS.len())];
                known.retain(|skill| *skill != specialism);
                known.insert(0, specialism);
            } else if chance(rng, 0.4) {
                known.extend(skills(rng, TEAMWORK, 1));
            }
            let position = if specialist { Position::Specialist } else { Position::Member };
            draft.person(team, Some(boss), position, known);
        }
        nursing_team(draft, team, *size, coach_role, region_heads[region].1, &functions)?;
    }

    let circle_party = Some(PartyDraft::Team(root));
    let scale = f64::from(people);
    draft.domain(
        DomainKind::OrgBudget,
        "Organisation budget and investments".to_owned(),
        HolderDraft::Role(director_role),
        (3.0 + scale / 4000.0).min(40.0),
        vec![
            rule("amount <= 50000", Process::Advice)?
                .consult(Some(PartyDraft::Role(functions.finance)))
                .within_hours(168),
            rule("always", Process::Consent)?.consult(circle_party).within_hours(336),
        ],
    );
    draft.domain(
        DomainKind::Strategy,
        "Strategy and partnerships".to_owned(),
        HolderDraft::Role(director_role),
        (2.0 + scale / 10000.0).min(20.0),
        vec![rule("always", Process::Advice)?.consult(circle_party).within_hours(336)],
    );
    draft.governance(root, None)?;
    Ok(())
}

/// A nursing team's rotated roles and its decision domains.
fn nursing_team(
    draft: &mut Draft,
    team: Ix,
    size: u32,
    coach: Ix,
    region_head: Ix,
    functions: &Functions,
) -> Result<(), ValidationError> {
    let members = Candidates::Team(team);
    let rota = draft.role(team, &ROTA_PLANNER);
    draft.rotate(rota, members, 1);
    let intake = draft.role(team, &INTAKE);
    draft.rotate(intake, members, 1);
    let finance = draft.role(team, &TEAM_FINANCE);
    draft.rotate(finance, members, 1);
    let (quality, mentor) = if size >= 6 {
        let quality = draft.role(team, &QUALITY);
        draft.rotate(quality, members, 1);
        let mentor = draft.role(team, &MENTOR);
        draft.rotate(mentor, members, if size >= 11 { 2 } else { 1 });
        let facilitator = draft.role(team, &FACILITATOR);
        draft.rotate(facilitator, members, 1);
        (Some(quality), Some(mentor))
    } else {
        (None, None)
    };

    let whole = Some(PartyDraft::Team(team));
    let coach = Some(PartyDraft::Role(coach));
    let region_head = Some(PartyDraft::Role(region_head));
    let f = f64::from(size) / 11.0;
    let name = &draft.teams[team as usize].name;
    let (budget, rota_name, intake_name, quality_name, hiring) = (
        format!("Budget of {name}"),
        format!("Rota of {name}"),
        format!("Client intake for {name}"),
        format!("Quality and safety in {name}"),
        format!("Hiring into {name}"),
    );
    draft.domain(
        DomainKind::TeamBudget,
        budget,
        HolderDraft::Role(finance),
        4.0 * f,
        vec![
            rule("amount <= 2000", Process::Autonomous)?.inform(whole),
            rule("amount <= 10000", Process::Advice)?
                .consult(coach)
                .consult(Some(PartyDraft::Role(functions.finance)))
                .inform(whole)
                .within_hours(120)
                .escalate(coach),
            rule("always", Process::Consent)?
                .consult(whole)
                .inform(region_head)
                .within_hours(336)
                .escalate(region_head),
        ],
    );
    draft.domain(
        DomainKind::Rota,
        rota_name,
        HolderDraft::Role(rota),
        3.0 * f,
        vec![
            rule("tag = \"night shift\" or tag = holiday", Process::Consent)?
                .consult(whole)
                .within_hours(120)
                .escalate(coach),
            rule("always", Process::Autonomous)?.inform(whole),
        ],
    );
    draft.domain(
        DomainKind::Intake,
        intake_name,
        HolderDraft::Role(intake),
        3.5 * f,
        vec![
            rule("tag = complex", Process::Advice)?
                .consult(quality.map(PartyDraft::Role))
                .consult(coach)
                .within_hours(48)
                .escalate(coach),
            rule("always", Process::Autonomous)?.inform(whole).within_hours(24),
        ],
    );
    let quality_holder = quality.map_or(HolderDraft::Team(team), HolderDraft::Role);
    draft.domain(
        DomainKind::Quality,
        quality_name,
        quality_holder,
        1.2 * f,
        vec![
            rule("tag = protocol", Process::Consent)?.consult(whole).within_hours(168).escalate(coach),
            rule("always", Process::Advice)?.consult(mentor.map(PartyDraft::Role).or(coach)).within_hours(120),
        ],
    );
    draft.domain(
        DomainKind::Hiring,
        hiring,
        HolderDraft::Team(team),
        1.0 * f,
        vec![
            rule("tag = permanent", Process::Consent)?
                .consult(coach)
                .consult(Some(PartyDraft::Role(functions.hr)))
                .within_hours(336)
                .escalate(coach),
            rule("always", Process::Advice)?.consult(Some(PartyDraft::Role(functions.hr))).within_hours(168),
        ],
    );
    draft.governance(team, coach)?;
    Ok(())
}

/// The back office: one office for a small organisation, finance, HR and IT teams for a larger one.
fn back_office(
    draft: &mut Draft,
    rng: &mut impl Rng,
    director: Ix,
    director_role: Ix,
    size: u32,
    circle: Ix,
) -> Result<Option<Functions>, ValidationError> {
    if size == 0 {
        return Ok(None);
    }
    let root = ROOT;
    let director_party = Some(PartyDraft::Role(director_role));
    let people = f64::from(size);
    if size < 8 {
        let office = draft.team("Back office", "Finance, HR and IT for the teams.", Some(root), TeamKind::Office);
        let manager = draft.person(office, Some(director), Position::Lead, skills(rng, FINANCE_SKILLS, 3));
        let manager_role = draft.role(office, &OFFICE_MANAGER);
        draft.fill(manager_role, manager);
        draft.fill(circle, manager);
        let mut it = manager_role;
        for index in 1..size {
            let pool = if index == 1 { IT_SKILLS } else { HR_SKILLS };
            let person = draft.person(office, Some(manager), Position::Staff, skills(rng, pool, 2));
            if index == 1 {
                it = draft.role(office, &IT_LEAD);
                draft.fill(it, person);
            }
        }
        office_domains(draft, office, manager_role, manager_role, it, director_party, people)?;
        return Ok(Some(Functions { finance: manager_role, hr: manager_role }));
    }
    // Teams ask an advisor from finance or HR: every member of those teams is one.
    let shares = [(0.45, "Finance", FINANCE_SKILLS), (0.35, "HR", HR_SKILLS), (0.20, "IT", IT_SKILLS)];
    let mut leads = Vec::new();
    let mut advisors = Vec::new();
    let mut placed = 0;
    for (index, (share, name, pool)) in shares.iter().enumerate() {
        let count = if index == 2 { size - placed } else { ((people * share).round() as u32).max(2) };
        placed += count;
        let team =
            draft.team(*name, "Supports the nursing teams so they can focus on care.", Some(root), TeamKind::Office);
        let lead = draft.person(team, Some(director), Position::Lead, skills(rng, pool, 3));
        let template = [&FINANCE_LEAD, &HR_LEAD, &IT_LEAD][index];
        let role = draft.role(team, template);
        draft.fill(role, lead);
        draft.fill(circle, lead);
        let advisor = match index {
            0 => Some(draft.role(team, &FINANCE_ADVISOR)),
            1 => Some(draft.role(team, &HR_ADVISOR)),
            _ => None,
        };
        for member in 0..count {
            let person =
                if member == 0 { lead } else { draft.person(team, Some(lead), Position::Staff, skills(rng, pool, 2)) };
            if let Some(advisor) = advisor {
                draft.fill(advisor, person);
            }
        }
        leads.push((team, role));
        advisors.extend(advisor);
    }
    let [(finance_team, finance), (hr_team, hr), (it_team, it)] = [leads[0], leads[1], leads[2]];
    office_domains(draft, finance_team, finance, hr, it, director_party, people)?;
    for team in [hr_team, it_team] {
        draft.governance(team, director_party)?;
    }
    Ok(Some(Functions { finance: advisors[0], hr: advisors[1] }))
}

fn office_domains(
    draft: &mut Draft,
    office: Ix,
    finance: Ix,
    hr: Ix,
    it: Ix,
    director: Option<PartyDraft>,
    size: f64,
) -> Result<(), ValidationError> {
    let root = Some(PartyDraft::Team(ROOT));
    draft.domain(
        DomainKind::Finance,
        "Financial procedures".to_owned(),
        HolderDraft::Role(finance),
        3.0 + size / 40.0,
        vec![rule("always", Process::Advice)?.consult(director).within_hours(168)],
    );
    draft.domain(
        DomainKind::HrPolicy,
        "Contracts and HR policy".to_owned(),
        HolderDraft::Role(hr),
        3.0 + size / 40.0,
        vec![
            rule("tag = policy", Process::Consent)?.consult(root).within_hours(336).escalate(director),
            rule("always", Process::Advice)?.consult(director).within_hours(168),
        ],
    );
    draft.domain(
        DomainKind::Systems,
        "IT systems and devices".to_owned(),
        HolderDraft::Role(it),
        2.0 + size / 60.0,
        vec![
            rule("amount <= 5000", Process::Autonomous)?.inform(Some(PartyDraft::Team(office))),
            rule("always", Process::Advice)?
                .consult(Some(PartyDraft::Role(finance)))
                .consult(director)
                .within_hours(168)
                .escalate(director),
        ],
    );
    draft.governance(office, director)?;
    Ok(())
}

//! A secondary school (or, above 200 people, a trust of schools): a senior leadership team,
//! departments with heads, teacher leaders, year teams with form tutors, and a school office.

use rand::Rng;

use super::draft::{
    Candidates, Draft, HolderDraft, Ix, PartyDraft, Position, RoleTemplate, TeamKind, rule, skills, split,
};
use super::names::{NEIGHBOURHOODS, nth};
use super::random::chance;
use super::templates::DomainKind;
use crate::domain::Process;
use crate::error::ValidationError;
use crate::role::Contribution::{
    ChallengeCritique, ExecutionDelivery, RelationshipCulture, TechnicalExpertise, VisionDirection,
};

/// Departments with their relative size and subjects.
const DEPARTMENTS: &[(&str, u32, &[&str])] = &[
    ("English", 15, &["english literature", "english language", "drama", "literacy"]),
    ("Mathematics", 15, &["mathematics", "statistics", "numeracy", "further maths"]),
    ("Science", 18, &["biology", "chemistry", "physics", "practical science"]),
    ("Humanities", 12, &["history", "geography", "religious education", "citizenship"]),
    ("Modern languages", 8, &["french", "spanish", "german"]),
    ("Creative arts", 8, &["art", "music", "drama", "design technology"]),
    ("Physical education", 6, &["pe", "sports coaching", "health education"]),
    ("Computing", 5, &["computing", "programming", "digital literacy"]),
    ("Inclusion", 13, &["sen", "dyslexia support", "autism support", "speech and language"]),
];
/// What many teachers know besides their subject.
const TEACHING: &[&str] = &[
    "behaviour",
    "assessment",
    "safeguarding",
    "pastoral care",
    "exam board",
    "data analysis",
    "early career mentoring",
    "literacy",
    "numeracy",
    "adaptive teaching",
];
const LEADING: &[&str] = &["school leadership", "curriculum design", "safeguarding", "finance", "inspection"];
const OFFICE: &[&str] = &["admissions", "exams administration", "finance", "premises", "attendance", "hr"];
const TEACHING_ASSISTANT: &[&str] = &["sen", "reading support", "behaviour", "autism support"];
const SCHOOL_SUFFIXES: &[&str] = &["Academy", "High School", "School", "College"];

static TRUST_CEO: RoleTemplate = RoleTemplate {
    name: "Chief executive",
    purpose: "Leads the trust and holds its schools to a shared standard.",
    accountabilities: &["The trust's strategy", "Appointing headteachers", "Relations with the local authority"],
    contributions: &[VisionDirection, ChallengeCritique],
    critical: true,
    foci: &[],
};
static TRUST_FINANCE: RoleTemplate = RoleTemplate {
    name: "Trust finance lead",
    purpose: "Keeps the trust's and schools' finances sound.",
    accountabilities: &["Budgets of the schools", "Audits", "Procurement"],
    contributions: &[TechnicalExpertise, ExecutionDelivery],
    critical: true,
    foci: &[],
};
static TRUST_PEOPLE: RoleTemplate = RoleTemplate {
    name: "Trust people lead",
    purpose: "Recruitment, contracts and staff wellbeing across the trust.",
    accountabilities: &["Pay policy", "Recruitment campaigns", "Staff wellbeing"],
    contributions: &[RelationshipCulture, TechnicalExpertise],
    critical: true,
    foci: &[],
};
static HEADS_BOARD: RoleTemplate = RoleTemplate {
    name: "Headteachers' board",
    purpose: "The heads of the trust's schools, deciding together what the schools share.",
    accountabilities: &["Trust-wide policies", "Sharing staff and training between schools"],
    contributions: &[VisionDirection, RelationshipCulture],
    critical: false,
    foci: &[],
};
static HEADTEACHER: RoleTemplate = RoleTemplate {
    name: "Headteacher",
    purpose: "Leads the school and is accountable for its pupils' education and safety.",
    accountabilities: &["The school improvement plan", "Staffing", "Safeguarding", "The school budget"],
    contributions: &[VisionDirection, ChallengeCritique, RelationshipCulture],
    critical: true,
    foci: &[],
};
static DEPUTIES: [RoleTemplate; 3] = [
    RoleTemplate {
        name: "Deputy head: curriculum",
        purpose: "Shapes what the school teaches and when.",
        accountabilities: &["The timetable", "Curriculum planning with heads of department"],
        contributions: &[VisionDirection, ExecutionDelivery],
        critical: true,
        foci: &[],
    },
    RoleTemplate {
        name: "Deputy head: pastoral",
        purpose: "Keeps pupils safe, well and behaving well.",
        accountabilities: &["Behaviour policy", "Safeguarding lead", "Attendance"],
        contributions: &[RelationshipCulture, ExecutionDelivery],
        critical: true,
        foci: &[],
    },
    RoleTemplate {
        name: "Deputy head: standards",
        purpose: "Makes sure teaching is good everywhere and pupils progress.",
        accountabilities: &["Lesson observation", "Exam results analysis"],
        contributions: &[ChallengeCritique, TechnicalExpertise],
        critical: true,
        foci: &[],
    },
];
static ASSISTANT_HEAD: RoleTemplate = RoleTemplate {
    name: "Assistant head",
    purpose: "Leads a whole-school priority.",
    accountabilities: &["A whole-school improvement priority"],
    contributions: &[ExecutionDelivery, VisionDirection],
    critical: false,
    foci: &["behaviour", "teaching and learning", "sixth form", "attendance"],
};
static BUSINESS_MANAGER: RoleTemplate = RoleTemplate {
    name: "School business manager",
    purpose: "Runs the school's money, premises and office.",
    accountabilities: &["Budget monitoring", "Premises", "The school office"],
    contributions: &[ExecutionDelivery, TechnicalExpertise],
    critical: true,
    foci: &[],
};
static HEAD_OF_DEPARTMENT: RoleTemplate = RoleTemplate {
    name: "Head of department",
    purpose: "Leads the department's curriculum, teaching and team.",
    accountabilities: &["Schemes of work", "Department budget", "Coaching teachers", "Exam entries"],
    contributions: &[VisionDirection, TechnicalExpertise, ExecutionDelivery],
    critical: true,
    foci: &[],
};
static SECOND_IN_DEPARTMENT: RoleTemplate = RoleTemplate {
    name: "Second in department",
    purpose: "Shares the department's leadership and stands in for its head.",
    accountabilities: &["Key stage coordination", "Resources"],
    contributions: &[ExecutionDelivery, TechnicalExpertise],
    critical: false,
    foci: &["key stage 3", "key stage 4", "sixth form"],
};
static TEACHER_LEADERS: [(RoleTemplate, DomainKind, u32); 5] = [
    (
        RoleTemplate {
            name: "Literacy lead",
            purpose: "Helps every department teach reading and writing well.",
            accountabilities: &["Reading programme", "Training colleagues on literacy"],
            contributions: &[TechnicalExpertise, VisionDirection],
            critical: false,
            foci: &[],
        },
        DomainKind::Curriculum,
        1,
    ),
    (
        RoleTemplate {
            name: "Assessment lead",
            purpose: "Keeps assessment useful and the data honest.",
            accountabilities: &["Assessment calendar", "Reporting to parents"],
            contributions: &[TechnicalExpertise, ChallengeCritique],
            critical: false,
            foci: &[],
        },
        DomainKind::Assessment,
        1,
    ),
    (
        RoleTemplate {
            name: "Digital learning lead",
            purpose: "Helps teachers use technology where it helps learning.",
            accountabilities: &["Classroom technology", "Online safety"],
            contributions: &[TechnicalExpertise],
            critical: false,
            foci: &[],
        },
        DomainKind::Development,
        1,
    ),
    (
        RoleTemplate {
            name: "Early career mentor",
            purpose: "Supports teachers in their first two years.",
            accountabilities: &["Weekly mentoring meetings", "Lesson observation and feedback"],
            contributions: &[RelationshipCulture, TechnicalExpertise],
            critical: false,
            foci: &["first-year teachers", "second-year teachers"],
        },
        DomainKind::Development,
        2,
    ),
    (
        RoleTemplate {
            name: "Professional development lead",
            purpose: "Plans how staff keep learning.",
            accountabilities: &["Training days", "Coaching programme", "Course requests"],
            contributions: &[VisionDirection, RelationshipCulture],
            critical: false,
            foci: &[],
        },
        DomainKind::Development,
        1,
    ),
];
static HEAD_OF_YEAR: RoleTemplate = RoleTemplate {
    name: "Head of year",
    purpose: "Looks after the welfare, behaviour and progress of one year group.",
    accountabilities: &["Year assemblies", "Behaviour follow-up", "Contact with parents"],
    contributions: &[RelationshipCulture, ExecutionDelivery],
    critical: false,
    foci: &[],
};
static FORM_TUTOR: RoleTemplate = RoleTemplate {
    name: "Form tutor",
    purpose: "The first point of contact for a form's pupils and parents.",
    accountabilities: &["Morning registration", "Tutor time programme"],
    contributions: &[RelationshipCulture],
    critical: false,
    foci: &[],
};

pub(super) fn build(draft: &mut Draft, rng: &mut impl Rng, people: u32, name: &str) -> Result<(), ValidationError> {
    if people <= 200 {
        return school(draft, rng, people, name, None).map(|_| ());
    }
    let root = draft.team(name, "A trust of schools that share staff, training and services.", None, TeamKind::Root);
    let ceo = draft.person(root, None, Position::Head, skills(rng, LEADING, 3));
    let ceo_role = draft.role(root, &TRUST_CEO);
    draft.fill(ceo_role, ceo);
    let central_size = 2 + people / 120;
    let central = draft.team(
        "Trust central team",
        "Finance, people and IT for the trust's schools.",
        Some(root),
        TeamKind::Office,
    );
    let finance_lead = draft.person(central, Some(ceo), Position::Lead, skills(rng, OFFICE, 3));
    let finance = draft.role(central, &TRUST_FINANCE);
    draft.fill(finance, finance_lead);
    let people_lead = draft.person(central, Some(ceo), Position::Lead, skills(rng, OFFICE, 3));
    let people_role = draft.role(central, &TRUST_PEOPLE);
    draft.fill(people_role, people_lead);
    for _ in 2..central_size {
        let boss = if chance(rng, 0.5) { finance_lead } else { people_lead };
        draft.person(central, Some(boss), Position::Staff, skills(rng, OFFICE, 2));
    }
    let staff = people - 1 - central_size;
    let schools = ((f64::from(staff) / 100.0).round() as u32).max(2);
    let sizes = split(rng, staff, schools, 30);
    let board = draft.role(root, &HEADS_BOARD);
    for (index, size) in sizes.iter().enumerate() {
        let suffix = SCHOOL_SUFFIXES[index % SCHOOL_SUFFIXES.len()];
        let school_name = format!("{} {suffix}", nth(NEIGHBOURHOODS, index));
        let head = school(draft, rng, *size, &school_name, Some((root, ceo, ceo_role)))?;
        draft.fill(board, head);
    }
    let ceo_party = Some(PartyDraft::Role(ceo_role));
    let trust = Some(PartyDraft::Team(root));
    draft.domain(
        DomainKind::OrgBudget,
        "Trust budget and investments".to_owned(),
        HolderDraft::Role(ceo_role),
        4.0 + f64::from(people) / 4000.0,
        vec![
            rule("amount <= 100000", Process::Advice)?.consult(Some(PartyDraft::Role(finance))).within_hours(168),
            rule("always", Process::Consent)?.consult(trust).within_hours(336),
        ],
    );
    draft.domain(
        DomainKind::Strategy,
        "Trust strategy".to_owned(),
        HolderDraft::Role(ceo_role),
        2.0 + f64::from(people) / 10000.0,
        vec![rule("always", Process::Advice)?.consult(trust).within_hours(336)],
    );
    draft.domain(
        DomainKind::HrPolicy,
        "Pay and HR policy".to_owned(),
        HolderDraft::Role(people_role),
        3.0,
        vec![
            rule("tag = policy", Process::Consent)?.consult(trust).within_hours(336).escalate(ceo_party),
            rule("always", Process::Advice)?.consult(ceo_party).within_hours(168),
        ],
    );
    draft.domain(
        DomainKind::Finance,
        "Financial procedures".to_owned(),
        HolderDraft::Role(finance),
        3.0,
        vec![rule("always", Process::Advice)?.consult(ceo_party).within_hours(168)],
    );
    draft.governance(central, ceo_party)?;
    draft.governance(root, None)?;
    Ok(())
}

/// One school, on its own (`trust` None) or in a trust (`(trust team, chief executive, role)`);
/// returns its headteacher.
fn school(
    draft: &mut Draft,
    rng: &mut impl Rng,
    size: u32,
    name: &str,
    trust: Option<(Ix, Ix, Ix)>,
) -> Result<Ix, ValidationError> {
    let (kind, parent, boss, trust_role) = match trust {
        None => (TeamKind::Root, None, None, None),
        Some((team, ceo, role)) => (TeamKind::Group, Some(team), Some(ceo), Some(PartyDraft::Role(role))),
    };
    let school = draft.team(name, "Teaching and caring for the pupils of the school.", parent, kind);
    let slt = draft.team(
        format!("Senior leadership, {name}"),
        "Leads the school together and holds its whole-school decisions.",
        Some(school),
        TeamKind::Office,
    );
    let position = if trust.is_some() { Position::Senior } else { Position::Head };
    let head = draft.person(slt, boss, position, skills(rng, LEADING, 3));
    let head_role = draft.role(slt, &HEADTEACHER);
    draft.fill(head_role, head);
    let head_party = Some(PartyDraft::Role(head_role));

    let deputy_count = match size {
        90.. => 3,
        45.. => 2,
        12.. => 1,
        _ => 0,
    };
    let assistants = match size {
        100.. => 2,
        60.. => 1,
        _ => 0,
    };
    let mut deputies = Vec::new();
    for template in DEPUTIES.iter().take(deputy_count) {
        let person = draft.person(slt, Some(head), Position::Senior, skills(rng, LEADING, 2));
        let role = draft.role(slt, template);
        draft.fill(role, person);
        deputies.push((person, role));
    }
    for _ in 0..assistants {
        let person = draft.person(slt, Some(head), Position::Lead, skills(rng, TEACHING, 3));
        let role = draft.role(slt, &ASSISTANT_HEAD);
        draft.fill(role, person);
    }
    let (business, office_size) = if size >= 30 { (1, (size * 12 / 100).max(2)) } else { (0, 0) };
    let mut business_role = None;
    if business == 1 {
        let office = draft.team(
            format!("School office, {name}"),
            "Admissions, exams, finance and premises.",
            Some(school),
            TeamKind::Office,
        );
        let manager = draft.person(slt, Some(head), Position::Lead, skills(rng, OFFICE, 3));
        let role = draft.role(slt, &BUSINESS_MANAGER);
        draft.fill(role, manager);
        business_role = Some(role);
        for _ in 0..office_size {
            draft.person(office, Some(manager), Position::Staff, skills(rng, OFFICE, 2));
        }
        draft.domain(
            DomainKind::Premises,
            format!("Office and premises of {name}"),
            HolderDraft::Role(role),
            3.0,
            vec![
                rule("amount <= 2000", Process::Autonomous)?.inform(Some(PartyDraft::Team(office))),
                rule("always", Process::Advice)?.consult(head_party).within_hours(168),
            ],
        );
        draft.governance(office, Some(PartyDraft::Role(role)))?;
    }
    let business_party = business_role.map(PartyDraft::Role).or(head_party);
    let deputy_party = |index: usize| deputies.get(index).map(|(_, role)| PartyDraft::Role(*role)).or(head_party);
    let (curriculum_deputy, pastoral_deputy) = (deputy_party(0), deputy_party(1));

    // Departments, sized by their share of the timetable.
    let teaching = size - 1 - deputy_count as u32 - assistants - business - office_size;
    let count = (teaching / 7).clamp(1, DEPARTMENTS.len() as u32) as usize;
    let weights: Vec<u32> = DEPARTMENTS.iter().take(count).map(|(_, weight, _)| *weight).collect();
    let sizes = proportional(teaching, &weights);
    let mut teachers = Vec::new();
    for (index, dept_size) in sizes.iter().enumerate() {
        if *dept_size == 0 {
            continue;
        }
        let (subject, _, subjects) = DEPARTMENTS[index];
        let dept_name = if count == 1 { format!("Teachers, {name}") } else { format!("{subject}, {name}") };
        let dept = draft.team(dept_name, "Teaches its subjects across the school.", Some(school), TeamKind::Unit);
        let line = deputies.get(index % deputies.len().max(1)).map_or(head, |(person, _)| *person);
        let (lead, first) = if *dept_size >= 3 {
            let lead = draft.person(dept, Some(line), Position::Lead, skills(rng, subjects, 2));
            (Some(lead), 1)
        } else {
            (None, 0)
        };
        let inclusion = subject == "Inclusion";
        for member in first..*dept_size {
            let assistant = inclusion && member % 2 == 0;
            let superior = Some(lead.unwrap_or(line));
            let person = if assistant {
                draft.person(dept, superior, Position::Staff, skills(rng, TEACHING_ASSISTANT, 2))
            } else {
                let specialist = chance(rng, 0.08);
                let mut known = skills(rng, subjects, 1);
                known.extend(skills(rng, TEACHING, if specialist { 3 } else { 1 }));
                known.sort_unstable();
                known.dedup();
                let position = if specialist { Position::Specialist } else { Position::Member };
                draft.person(dept, superior, position, known)
            };
            if !assistant {
                teachers.push(person);
            }
        }
        let holder = match lead {
            Some(lead) => {
                let title =
                    if inclusion { "SENCo and head of inclusion".to_owned() } else { format!("Head of {subject}") };
                let role = draft.named_role(dept, &HEAD_OF_DEPARTMENT, title);
                draft.fill(role, lead);
                if *dept_size >= 6 {
                    let second = draft.role(dept, &SECOND_IN_DEPARTMENT);
                    draft.rotate(second, Candidates::Team(dept), 1);
                }
                role
            }
            None => head_role,
        };
        let parties = Parties { slt, head: head_party, business: business_party, deputy: curriculum_deputy };
        department_domains(draft, dept, *dept_size, holder, &parties)?;
    }

    // Teacher leaders and year teams are filled from all of the school's teachers.
    let pool = draft.list(teachers.clone());
    let mut leads = Vec::new();
    if teachers.len() >= 20 {
        for (template, kind, count) in &TEACHER_LEADERS {
            let role = draft.role(school, template);
            draft.rotate(role, pool, *count);
            leads.push((role, *kind));
        }
    }
    let years: &[&str] = match size {
        60.. => &["Year 7", "Year 8", "Year 9", "Year 10", "Year 11", "Sixth form"],
        30.. => &["Year 7", "Year 8", "Year 9", "Year 10", "Year 11"],
        _ => &[],
    };
    let tutors = ((teachers.len() / years.len().max(1)) as u32 * 3 / 5).clamp(2, 8);
    for year in years {
        let team = draft.team(
            format!("{year}, {name}"),
            "Looks after one year group's welfare and progress.",
            Some(school),
            TeamKind::Unit,
        );
        let head_of_year = draft.role(team, &HEAD_OF_YEAR);
        draft.rotate(head_of_year, pool, 1);
        let tutor = draft.role(team, &FORM_TUTOR);
        draft.rotate(tutor, pool, tutors);
        draft.domain(
            DomainKind::Pastoral,
            format!("Pastoral care in {year}, {name}"),
            HolderDraft::Role(head_of_year),
            3.0,
            vec![
                rule("tag = exclusion", Process::Consent)?
                    .consult(pastoral_deputy)
                    .within_hours(72)
                    .escalate(head_party),
                rule("always", Process::Autonomous)?.inform(Some(PartyDraft::Team(team))),
            ],
        );
        draft.governance(team, pastoral_deputy)?;
    }

    // Whole-school domains.
    let leadership = Some(PartyDraft::Team(slt));
    let timetabler = deputies.first().map_or(head_role, |(_, role)| *role);
    draft.domain(
        DomainKind::Timetable,
        format!("Timetable of {name}"),
        HolderDraft::Role(timetabler),
        2.0 + f64::from(size) / 40.0,
        vec![
            rule("tag = \"mid-year\"", Process::Consent)?.consult(leadership).within_hours(168).escalate(head_party),
            rule("always", Process::Advice)?.consult(leadership).within_hours(336),
        ],
    );
    let assessment = leads.iter().find(|(_, kind)| *kind == DomainKind::Assessment).map_or(timetabler, |(r, _)| *r);
    draft.domain(
        DomainKind::Assessment,
        format!("Assessment and reporting in {name}"),
        HolderDraft::Role(assessment),
        2.0,
        vec![rule("always", Process::Advice)?.consult(leadership).within_hours(240)],
    );
    let development = leads.last().map_or(head_role, |(role, _)| *role);
    draft.domain(
        DomainKind::Development,
        format!("Professional development in {name}"),
        HolderDraft::Role(development),
        2.0 + f64::from(size) / 40.0,
        vec![
            rule("amount <= 800", Process::Autonomous)?,
            rule("always", Process::Advice)?.consult(business_party).within_hours(120),
        ],
    );
    draft.domain(
        DomainKind::OrgBudget,
        format!("Budget of {name}"),
        HolderDraft::Role(head_role),
        3.0,
        vec![
            rule("amount <= 20000", Process::Advice)?.consult(business_party).within_hours(168),
            rule("always", Process::Consent)?.consult(leadership).within_hours(336).escalate(trust_role),
        ],
    );
    draft.domain(
        DomainKind::Strategy,
        format!("Improvement plan of {name}"),
        HolderDraft::Role(head_role),
        2.0,
        vec![rule("always", Process::Advice)?.consult(leadership).within_hours(336)],
    );
    draft.governance(slt, trust_role.or(head_party))?;
    draft.governance(school, head_party)?;
    Ok(head)
}

/// The school's parties that department rules consult and escalate to.
struct Parties {
    slt: Ix,
    head: Option<PartyDraft>,
    business: Option<PartyDraft>,
    deputy: Option<PartyDraft>,
}

fn department_domains(
    draft: &mut Draft,
    dept: Ix,
    size: u32,
    holder: Ix,
    parties: &Parties,
) -> Result<(), ValidationError> {
    let Parties { slt, head, business, deputy } = *parties;
    let whole = Some(PartyDraft::Team(dept));
    let name = draft.teams[dept as usize].name.clone();
    let f = (f64::from(size) / 11.0).max(0.3);
    draft.domain(
        DomainKind::Curriculum,
        format!("Curriculum of {name}"),
        HolderDraft::Role(holder),
        2.5 * f,
        vec![
            rule("tag = \"exam board\"", Process::Consent)?.consult(whole).within_hours(336).escalate(deputy),
            rule("always", Process::Advice)?.consult(whole).within_hours(168),
        ],
    );
    draft.domain(
        DomainKind::DeptBudget,
        format!("Budget of {name}"),
        HolderDraft::Role(holder),
        3.0 * f,
        vec![
            rule("amount <= 500", Process::Autonomous)?.inform(whole),
            rule("amount <= 3000", Process::Advice)?.consult(business).within_hours(120),
            rule("always", Process::Consent)?.consult(Some(PartyDraft::Team(slt))).within_hours(240).escalate(head),
        ],
    );
    draft.domain(
        DomainKind::Hiring,
        format!("Appointments in {name}"),
        HolderDraft::Role(holder),
        1.0 * f,
        vec![
            rule("tag = permanent", Process::Consent)?.consult(head).consult(business).within_hours(336).escalate(head),
            rule("always", Process::Advice)?.consult(business).within_hours(168),
        ],
    );
    draft.governance(dept, deputy)?;
    Ok(())
}

/// Splits `total` in proportion to `weights` (largest remainders get the leftovers).
fn proportional(total: u32, weights: &[u32]) -> Vec<u32> {
    let sum: u32 = weights.iter().sum::<u32>().max(1);
    let mut sizes: Vec<u32> = weights.iter().map(|weight| total * weight / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|index| std::cmp::Reverse((total * weights[*index]) % sum));
    let mut left = total - sizes.iter().sum::<u32>();
    for index in order.into_iter().cycle().take(weights.len() * 2) {
        if left == 0 {
            break;
        }
        sizes[index] += 1;
        left -= 1;
    }
    sizes
}

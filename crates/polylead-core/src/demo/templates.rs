//! The words of the demo: what each kind of decision domain is about, the decisions taken
//! in it, and the advice, objections, rationales and lessons people write.

use super::Profile;

/// What a decision domain is about; decides its description, keywords and decisions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum DomainKind {
    TeamBudget,
    Rota,
    Intake,
    Quality,
    Hiring,
    Governance,
    /// Governance of a team that is not a work team: a region, an office, the whole organisation.
    CircleGovernance,
    RegionalBudget,
    OrgBudget,
    Strategy,
    Finance,
    HrPolicy,
    Systems,
    Curriculum,
    DeptBudget,
    Timetable,
    Pastoral,
    Assessment,
    Development,
    Premises,
    Scope,
    ProjectBudget,
    Staffing,
    Standards,
    Portfolio,
    Compensation,
}

/// One kind of decision: its title, a typical amount (0 = no money involved) and tags.
pub(super) struct Template {
    pub title: &'static str,
    pub amount: f64,
    pub tags: &'static [&'static str],
}

const fn t(title: &'static str, amount: f64, tags: &'static [&'static str]) -> Template {
    Template { title, amount, tags }
}

pub(super) struct KindInfo {
    pub description: &'static str,
    pub keywords: &'static [&'static str],
    pub templates: &'static [Template],
    /// Share of decided decisions that get a review date.
    pub review: f64,
}

const fn info(
    description: &'static str,
    keywords: &'static [&'static str],
    templates: &'static [Template],
    review: f64,
) -> KindInfo {
    KindInfo { description, keywords, templates, review }
}

impl DomainKind {
    pub fn info(self, profile: Profile) -> &'static KindInfo {
        use DomainKind as K;
        match (self, profile) {
            (K::TeamBudget, _) => &TEAM_BUDGET,
            (K::Rota, _) => &ROTA,
            (K::Intake, _) => &INTAKE,
            (K::Quality, _) => &QUALITY,
            (K::Hiring, Profile::Care) => &HIRING_CARE,
            (K::Hiring, Profile::School) => &HIRING_SCHOOL,
            (K::Hiring, Profile::Lattice) => &HIRING_LATTICE,
            (K::Governance, Profile::Care) => &GOVERNANCE_CARE,
            (K::Governance, Profile::School) => &GOVERNANCE_SCHOOL,
            (K::Governance, Profile::Lattice) => &GOVERNANCE_LATTICE,
            (K::CircleGovernance, _) => &CIRCLE_GOVERNANCE,
            (K::RegionalBudget, _) => &REGIONAL_BUDGET,
            (K::OrgBudget, _) => &ORG_BUDGET,
            (K::Strategy, Profile::Care) => &STRATEGY_CARE,
            (K::Strategy, Profile::School) => &STRATEGY_SCHOOL,
            (K::Strategy, Profile::Lattice) => &STRATEGY_LATTICE,
            (K::Finance, _) => &FINANCE,
            (K::HrPolicy, _) => &HR_POLICY,
            (K::Systems, _) => &SYSTEMS,
            (K::Curriculum, _) => &CURRICULUM,
            (K::DeptBudget, _) => &DEPT_BUDGET,
            (K::Timetable, _) => &TIMETABLE,
            (K::Pastoral, _) => &PASTORAL,
            (K::Assessment, _) => &ASSESSMENT,
            (K::Development, _) => &DEVELOPMENT,
            (K::Premises, _) => &PREMISES,
            (K::Scope, _) => &SCOPE,
            (K::ProjectBudget, _) => &PROJECT_BUDGET,
            (K::Staffing, _) => &STAFFING,
            (K::Standards, _) => &STANDARDS,
            (K::Portfolio, _) => &PORTFOLIO,
            (K::Compensation, _) => &COMPENSATION,
        }
    }
}

static TEAM_BUDGET: KindInfo = info(
    "Spending from the team's own budget: equipment, supplies, training and vehicles.",
    &["budget", "spending", "equipment", "purchase"],
    &[
        t("Buy a bladder scanner for home visits", 1800.0, &[]),
        t("Replace two team laptops", 1500.0, &[]),
        t("Team training day on dementia care", 2400.0, &["training"]),
        t("Lease an electric car for the district rounds", 7800.0, &["vehicle"]),
        t("Restock wound-care supplies for the quarter", 650.0, &[]),
        t("Team away day", 900.0, &[]),
        t("New blood-pressure monitors", 480.0, &[]),
        t("Phones for the on-call rota", 1200.0, &[]),
        t("Course on palliative care for two nurses", 3200.0, &["training"]),
        t("Refurbish the team office", 12500.0, &[]),
        t("Bicycles for visits in the town centre", 2600.0, &["vehicle"]),
        t("Subscription to a clinical guidance service", 350.0, &[]),
        t("Second team car", 16000.0, &["vehicle"]),
        t("Lifting aids for the loan pool", 4200.0, &[]),
    ],
    0.3,
);

static ROTA: KindInfo = info(
    "The team's rota: shifts, rounds, cover and holidays.",
    &["rota", "shifts", "cover", "holiday", "night shift"],
    &[
        t("Summer holiday rota", 0.0, &["holiday"]),
        t("Christmas and New Year cover", 0.0, &["holiday"]),
        t("Swap weekend shifts with a neighbouring team", 0.0, &["weekend"]),
        t("Add an evening round on weekdays", 0.0, &[]),
        t("Night shift cover for a palliative client", 0.0, &["night shift"]),
        t("Rota for the next four weeks", 0.0, &[]),
        t("Split the morning round into two routes", 0.0, &[]),
        t("Cover during a colleague's sick leave", 0.0, &[]),
        t("Half-term rota for colleagues with children", 0.0, &["holiday"]),
        t("Pair night shifts with another team in the region", 0.0, &["night shift"]),
    ],
    0.1,
);

static INTAKE: KindInfo = info(
    "Which new clients the team takes on, and when care starts.",
    &["client", "intake", "referral", "new client"],
    &[
        t("Accept a new client after hip surgery", 0.0, &[]),
        t("Start palliative care at home for a new client", 0.0, &["complex"]),
        t("Take on a client with diabetes and dementia", 0.0, &["complex"]),
        t("Accept a referral from the GP practice", 0.0, &[]),
        t("Wound care for a client discharged from hospital", 0.0, &[]),
        t("Client with complex medication and no family nearby", 0.0, &["complex"]),
        t("Short-term care after a fall", 0.0, &[]),
        t("Take over a client from a neighbouring team", 0.0, &[]),
    ],
    0.1,
);

static QUALITY: KindInfo = info(
    "How the team works safely: protocols, audits, incident learning.",
    &["quality", "safety", "protocol", "incident"],
    &[
        t("Adopt the updated pressure-ulcer protocol", 0.0, &["protocol"]),
        t("Change how medication errors are reported", 0.0, &["protocol"]),
        t("Monthly case review of falls", 0.0, &[]),
        t("Hand-hygiene audit in client homes", 0.0, &[]),
        t("New checklist for first visits", 0.0, &["protocol"]),
        t("Share incident learning with the region", 0.0, &[]),
    ],
    0.5,
);

static HIRING_CARE: KindInfo = info(
    "Who joins the team: vacancies, placements and temporary cover.",
    &["hiring", "vacancy", "recruitment", "placement"],
    &[
        t("Hire a community nurse (0.8 FTE)", 0.0, &["permanent", "hiring"]),
        t("Take on a student nurse for the spring placement", 0.0, &["hiring", "student"]),
        t("Extend a temporary contract by six months", 0.0, &["hiring"]),
        t("Hire a nursing assistant for weekends", 0.0, &["permanent", "hiring"]),
        t("Agency cover for the summer", 0.0, &["hiring"]),
    ],
    0.7,
);

static HIRING_SCHOOL: KindInfo = info(
    "Appointments into the department: teachers, cover and trainees.",
    &["hiring", "vacancy", "appointment", "recruitment"],
    &[
        t("Appoint a teacher (permanent)", 0.0, &["permanent", "hiring"]),
        t("Appoint maternity cover for a year", 0.0, &["hiring"]),
        t("Host a trainee teacher in the spring term", 0.0, &["hiring", "trainee"]),
        t("Appoint a teaching assistant", 0.0, &["permanent", "hiring"]),
        t("Extend the contract of a cover supervisor", 0.0, &["hiring"]),
    ],
    0.7,
);

static HIRING_LATTICE: KindInfo = info(
    "Who joins the division: new associates, interns and contractors.",
    &["hiring", "recruitment", "associate", "intern"],
    &[
        t("Hire a process engineer", 0.0, &["permanent", "hiring"]),
        t("Take two interns for the summer", 0.0, &["hiring", "intern"]),
        t("Contract a regulatory specialist for six months", 0.0, &["hiring"]),
        t("Hire a key-account manager", 0.0, &["permanent", "hiring"]),
        t("Hire a data engineer", 0.0, &["permanent", "hiring"]),
    ],
    0.7,
);

static GOVERNANCE_CARE: KindInfo = info(
    "Changes to the team's own roles, decision rights and ways of working, by consent.",
    &["governance", "role", "decision rights", "way of working"],
    &[
        t("Create a role: dementia link nurse", 0.0, &["role"]),
        t("Rotate the rota planner role", 0.0, &["role"]),
        t("Merge the mentor and intake roles", 0.0, &["role"]),
        t("Hand client intake to the whole team", 0.0, &["domain"]),
        t("Meet fortnightly instead of weekly", 0.0, &[]),
        t("Raise the team's autonomous spending limit", 0.0, &["domain"]),
        t("Split the team in two as it grows", 0.0, &["team"]),
        t("New format for team meetings", 0.0, &[]),
    ],
    0.6,
);

static GOVERNANCE_SCHOOL: KindInfo = info(
    "Changes to the team's roles, responsibilities and meetings, by consent.",
    &["governance", "role", "responsibility", "meetings"],
    &[
        t("Create a role: reading champion", 0.0, &["role"]),
        t("Rotate the chair of department meetings", 0.0, &["role"]),
        t("Move trip approval to heads of year", 0.0, &["domain"]),
        t("Fortnightly department meetings", 0.0, &[]),
        t("Share the data lead role between two teachers", 0.0, &["role"]),
        t("Protocol for agreeing whole-school changes", 0.0, &[]),
    ],
    0.6,
);

static GOVERNANCE_LATTICE: KindInfo = info(
    "Changes to the team's roles, commitments and decision rights, by consent.",
    &["governance", "role", "commitment", "decision rights"],
    &[
        t("Create a role: test lead", 0.0, &["role"]),
        t("Rotate the project leader", 0.0, &["role"]),
        t("Give the customer liaison the right to change delivery dates", 0.0, &["domain"]),
        t("Weekly stand-up instead of a long meeting", 0.0, &[]),
        t("Split the team into two work streams", 0.0, &["team"]),
        t("Invite the sponsor to the monthly review", 0.0, &[]),
    ],
    0.6,
);

static CIRCLE_GOVERNANCE: KindInfo = info(
    "Changes to this circle's roles, decision rights and meetings, by consent.",
    &["governance", "role", "decision rights", "meetings"],
    &[
        t("Create a role for the new reporting duties", 0.0, &["role"]),
        t("Move a decision right down to the teams", 0.0, &["domain"]),
        t("Split a role that has grown too large", 0.0, &["role"]),
        t("Meet monthly with a rotating chair", 0.0, &[]),
        t("Write down how we handle urgent decisions", 0.0, &[]),
        t("Retire a role nobody fills", 0.0, &["role"]),
    ],
    0.6,
);

static REGIONAL_BUDGET: KindInfo = info(
    "The region's budget: shared resources, training and support for its teams.",
    &["regional budget", "allocation", "shared resources"],
    &[
        t("Fund a regional training programme", 18000.0, &["training"]),
        t("Car pool shared by the region's teams", 22000.0, &["vehicle"]),
        t("Temporary staffing budget for the winter", 40000.0, &[]),
        t("Regional nurses' conference", 9000.0, &[]),
        t("Start-up budget for a new team", 35000.0, &["new team"]),
    ],
    0.5,
);

static ORG_BUDGET: KindInfo = info(
    "The organisation's budget and large investments.",
    &["budget", "investment", "annual budget"],
    &[
        t("Next year's budget", 0.0, &["annual"]),
        t("Invest in new premises", 250000.0, &[]),
        t("Reserve for pay rises", 120000.0, &[]),
        t("Fund a leadership development programme", 60000.0, &["training"]),
        t("Replace the vehicle fleet", 400000.0, &["vehicle"]),
    ],
    0.6,
);

static STRATEGY_CARE: KindInfo = info(
    "Where the organisation is going: new areas, partnerships, values.",
    &["strategy", "direction", "partnership", "policy"],
    &[
        t("Open teams in a new district", 0.0, &[]),
        t("Partnership with the local hospital on discharges", 0.0, &["partnership"]),
        t("Update the values statement", 0.0, &[]),
        t("Start a neighbourhood prevention programme", 0.0, &[]),
    ],
    0.5,
);

static STRATEGY_SCHOOL: KindInfo = info(
    "The school's direction: the improvement plan, priorities and partnerships.",
    &["strategy", "improvement plan", "priorities"],
    &[
        t("School improvement plan for next year", 0.0, &[]),
        t("Join a regional maths hub", 0.0, &["partnership"]),
        t("Make reading the whole-school priority", 0.0, &[]),
        t("Open a sixth-form pathway in engineering", 0.0, &[]),
    ],
    0.5,
);

static STRATEGY_LATTICE: KindInfo = info(
    "The enterprise's direction: markets, products and principles.",
    &["strategy", "markets", "principles"],
    &[
        t("Enter the automotive market", 0.0, &[]),
        t("Restate the four guiding principles", 0.0, &[]),
        t("Build a second plant rather than grow the first", 0.0, &[]),
        t("Partner with a university on new polymers", 0.0, &["partnership"]),
    ],
    0.5,
);

static FINANCE: KindInfo = info(
    "Financial procedures: expenses, invoicing, payroll dates.",
    &["finance", "expenses", "invoicing", "payroll"],
    &[
        t("Simplify expense claims", 0.0, &[]),
        t("Move the payroll date", 0.0, &[]),
        t("Monthly instead of quarterly invoicing", 0.0, &[]),
        t("New rules for team petty cash", 0.0, &[]),
    ],
    0.3,
);

static HR_POLICY: KindInfo = info(
    "People policies: contracts, leave, pay scales, onboarding.",
    &["hr", "policy", "contracts", "leave", "pay"],
    &[
        t("Update the sickness absence policy", 0.0, &["policy"]),
        t("New onboarding programme", 0.0, &[]),
        t("Review the pay scales", 0.0, &["policy"]),
        t("Flexible hours policy", 0.0, &["policy"]),
        t("Exit interviews for everyone who leaves", 0.0, &[]),
    ],
    0.5,
);

static SYSTEMS: KindInfo = info(
    "IT systems and devices everyone uses.",
    &["it", "systems", "software", "devices"],
    &[
        t("Replace the rostering software", 45000.0, &[]),
        t("New phone contract", 4000.0, &[]),
        t("Upgrade the record-keeping system", 30000.0, &[]),
        t("Security training for all staff", 2500.0, &["training"]),
        t("Tablets for front-line staff", 60000.0, &[]),
    ],
    0.4,
);

static CURRICULUM: KindInfo = info(
    "What and how the department teaches: schemes of work, set texts, exam boards.",
    &["curriculum", "scheme of work", "exam board", "teaching"],
    &[
        t("Switch the GCSE exam board", 0.0, &["exam board"]),
        t("New Year 7 scheme of work", 0.0, &[]),
        t("Add a coding unit to Year 8", 0.0, &[]),
        t("Change the Year 10 set texts", 0.0, &["exam board"]),
        t("Retrieval quizzes at the start of every lesson", 0.0, &[]),
        t("Mixed-attainment groups in Year 7", 0.0, &[]),
        t("Drop the Year 9 coursework project", 0.0, &[]),
    ],
    0.5,
);

static DEPT_BUDGET: KindInfo = info(
    "Spending from the department's capitation budget.",
    &["budget", "capitation", "resources", "purchase"],
    &[
        t("Class set of scientific calculators", 360.0, &[]),
        t("Replace Year 11 set texts", 900.0, &[]),
        t("Online homework platform subscription", 1400.0, &[]),
        t("Coaches for the Year 9 field trip", 2200.0, &["trip"]),
        t("Refurbish the prep room", 8500.0, &[]),
        t("Revision guides for Year 11", 650.0, &[]),
        t("Department training day with an external trainer", 1800.0, &["training"]),
        t("Interactive displays for two classrooms", 4600.0, &[]),
    ],
    0.3,
);

static TIMETABLE: KindInfo = info(
    "The school timetable: periods, rooms, exam weeks.",
    &["timetable", "periods", "rooms", "exams"],
    &[
        t("Timetable for next year", 0.0, &[]),
        t("Move Friday period 5 to the morning", 0.0, &["mid-year"]),
        t("Block Year 11 mock exams in January", 0.0, &[]),
        t("Two-week timetable", 0.0, &[]),
        t("Swap Year 8 PE and computing slots", 0.0, &["mid-year"]),
    ],
    0.4,
);

static PASTORAL: KindInfo = info(
    "Pupils' welfare and behaviour in the year group: rewards, sanctions, trips.",
    &["pastoral", "behaviour", "attendance", "trips"],
    &[
        t("Attendance reward scheme", 0.0, &[]),
        t("Trip to the science museum", 0.0, &["trip"]),
        t("Fixed-term exclusion after repeated incidents", 0.0, &["exclusion"]),
        t("Seating plans in form time", 0.0, &[]),
        t("Anti-bullying assembly programme", 0.0, &[]),
        t("Mentoring for pupils with low attendance", 0.0, &[]),
    ],
    0.3,
);

static ASSESSMENT: KindInfo = info(
    "How pupils are assessed and how progress is reported.",
    &["assessment", "reporting", "moderation", "data"],
    &[
        t("Two assessment points a year instead of three", 0.0, &[]),
        t("New report format for parents", 0.0, &[]),
        t("Moderate Year 9 writing across departments", 0.0, &[]),
        t("Comparative judgement for extended writing", 0.0, &[]),
    ],
    0.5,
);

static DEVELOPMENT: KindInfo = info(
    "Professional development: courses, coaching and training days.",
    &["cpd", "training", "coaching", "development"],
    &[
        t("Subject-knowledge course for a new teacher", 450.0, &["training"]),
        t("Leadership course for a head of year", 1500.0, &["training"]),
        t("Whole-school training on adaptive teaching", 2400.0, &["training"]),
        t("Coaching programme for early-career teachers", 3000.0, &["coaching"]),
    ],
    0.5,
);

static PREMISES: KindInfo = info(
    "The school office, premises and services.",
    &["premises", "office", "site", "services"],
    &[
        t("New photocopier lease", 3200.0, &[]),
        t("Change the lunch payment system", 1500.0, &[]),
        t("Repaint corridors in the summer", 6500.0, &[]),
        t("Visitor sign-in system", 900.0, &[]),
    ],
    0.3,
);

static SCOPE: KindInfo = info(
    "What the project delivers, for whom and by when.",
    &["scope", "deliverable", "customer", "milestone"],
    &[
        t("Add a field trial with a second customer", 0.0, &["customer commitment"]),
        t("Drop the low-power variant from release 1", 0.0, &[]),
        t("Commit to a delivery date for the pilot line", 0.0, &["customer commitment"]),
        t("Extend the scope to medical-grade material", 0.0, &[]),
        t("Pause the coating experiment", 0.0, &[]),
        t("Split the prototype into two work streams", 0.0, &[]),
    ],
    0.5,
);

static PROJECT_BUDGET: KindInfo = info(
    "The project's spending: tooling, materials, tests and travel.",
    &["budget", "tooling", "materials", "spending"],
    &[
        t("Order prototype tooling", 12000.0, &[]),
        t("Book a test lab for two weeks", 6500.0, &[]),
        t("Travel to the customer site", 2400.0, &["travel"]),
        t("Buy a climate chamber", 38000.0, &[]),
        t("Materials for the next test batch", 3500.0, &[]),
        t("External design review", 9000.0, &[]),
        t("Pilot production run", 85000.0, &[]),
    ],
    0.4,
);

static STAFFING: KindInfo = info(
    "Who commits how much time to the project.",
    &["staffing", "commitment", "capacity"],
    &[
        t("Bring a process engineer onto the team for a quarter", 0.0, &["staffing"]),
        t("Ask the quality guild for a part-time auditor", 0.0, &[]),
        t("Reduce the commitment of two associates", 0.0, &["staffing"]),
        t("Rotate the customer liaison", 0.0, &[]),
    ],
    0.3,
);

static STANDARDS: KindInfo = info(
    "The guild's shared methods, tools and standards.",
    &["standards", "methods", "tools", "practice"],
    &[
        t("Adopt a shared CAD template", 0.0, &[]),
        t("Standard code review checklist", 0.0, &[]),
        t("Make the new test method mandatory", 0.0, &["mandatory"]),
        t("Common naming for material batches", 0.0, &[]),
        t("Guild mentoring scheme", 0.0, &[]),
    ],
    0.4,
);

static PORTFOLIO: KindInfo = info(
    "Which projects the division runs, starts and stops.",
    &["portfolio", "projects", "investment"],
    &[
        t("Start a project for the automotive market", 120000.0, &[]),
        t("Stop a project that has stalled", 0.0, &[]),
        t("Move two projects to another site", 0.0, &[]),
        t("Invest in a new extrusion line", 450000.0, &[]),
        t("Fund a six-month feasibility study", 40000.0, &[]),
    ],
    0.6,
);

static COMPENSATION: KindInfo = info(
    "How associates are paid: the peer ranking and pay bands.",
    &["compensation", "pay", "ranking"],
    &[
        t("This year's peer ranking round", 0.0, &[]),
        t("Adjust pay bands for engineers", 0.0, &["policy"]),
        t("Distribute the profit-sharing pool", 0.0, &[]),
    ],
    0.5,
);

/// Advice people give on a proposal.
pub(super) const ADVICE: &[&str] = &[
    "Go ahead; check delivery times first.",
    "I would wait for the new quarter's budget.",
    "Fine by me; talk to the people it affects before you start.",
    "We tried something similar two years ago; ask me how it went.",
    "Consider a trial for a month before committing.",
    "Check whether a neighbouring team can share it.",
    "Good idea; make sure the cost is in the budget review.",
    "Ask for a second quote.",
    "Agree it with the people working weekends first.",
    "Write down what success looks like so we can review it.",
    "Support this; the evidence is good.",
    "Keep it smaller to start with.",
    "I would involve someone with more experience in this.",
    "Plan the handover carefully.",
    "Timing matters: avoid the holiday period.",
    "Please check the policy before deciding.",
];

/// Reasons given for objections.
pub(super) const OBJECTIONS: &[&str] = &[
    "This leaves the weekend short-staffed.",
    "We have not looked at what it costs next year.",
    "It moves work onto people who were not asked.",
    "It conflicts with the agreement we made last month.",
    "The risk to clients has not been assessed.",
    "The workload on two colleagues would be too high.",
    "It cuts across another team's domain.",
    "There is no plan for what happens if it fails.",
    "The timing clashes with the busiest weeks of the year.",
    "It is not clear who would be accountable.",
];

/// Why a decision was taken, by how it was taken.
pub(super) const RATIONALE_AUTONOMOUS: &[&str] = &[
    "Within my mandate and budget; the team is informed.",
    "Routine decision in line with what we agreed.",
    "Needed now; low risk and easy to reverse.",
];
pub(super) const RATIONALE_ADVICE: &[&str] = &[
    "Decided after the advice received; the main concern is addressed.",
    "Advice taken into account; we start with a smaller trial.",
    "Most advice supported it; timing adjusted as suggested.",
];
pub(super) const RATIONALE_CONSENT: &[&str] = &[
    "No objections remained at the deadline.",
    "Adopted after integrating the objection raised.",
    "Consent given; to be reviewed after three months.",
];
pub(super) const RATIONALE_ESCALATED: &[&str] = &[
    "Decided on escalation after the time limit passed.",
    "Escalated because an objection could not be integrated; decided with both views in mind.",
];

/// What outcome reviews learned.
pub(super) const LEARNED: &[&str] = &[
    "Worth doing; involve the whole team earlier next time.",
    "Costs were higher than planned; get two quotes next time.",
    "Worked well; others asked to copy it.",
    "Half worked: the idea was right, the timing was wrong.",
    "Did not solve the problem; we went back to the old way.",
    "Good result, but it depended on one person too much.",
    "Review sooner next time; problems showed after a month.",
];

/// Short motivations that open a proposal.
pub(super) const MOTIVATIONS: &[&str] = &[
    "Raised at the last team meeting.",
    "Several colleagues asked for this.",
    "Needed to keep up with demand.",
    "Follows from the review of last quarter.",
    "Suggested after an incident.",
    "A small change with a large effect on our week.",
];

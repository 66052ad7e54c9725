-- One table per polylead_core::record::Entity, named Entity::table(), with exactly the
-- Record::COLUMNS in order. Text/Date/List => TEXT, Int/Bool/Time => BIGINT (bool 0/1, time as
-- unix milliseconds), Float => REAL. Plain id references are foreign keys checked at commit
-- (DEFERRABLE INITIALLY DEFERRED), so a batch may refer to rows later in the same batch.
-- List and party columns (holder, decider, consulted, co_actor_ids, ...) are checked by core.

CREATE TABLE teams (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    purpose TEXT,
    parent_id TEXT REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX teams_parent ON teams (parent_id);

CREATE TABLE people (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    skills TEXT,
    level BIGINT,
    superior_id TEXT REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    team_id TEXT REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    joined_on TEXT,
    left_on TEXT
);
CREATE INDEX people_superior ON people (superior_id);
CREATE INDEX people_team ON people (team_id);

CREATE TABLE roles (
    id TEXT NOT NULL PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    name TEXT NOT NULL,
    purpose TEXT,
    accountabilities TEXT,
    contributions TEXT,
    critical BIGINT CHECK (critical IN (0, 1))
);
CREATE INDEX roles_team ON roles (team_id);

CREATE TABLE role_fillers (
    role_id TEXT NOT NULL REFERENCES roles (id) DEFERRABLE INITIALLY DEFERRED,
    person_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    focus TEXT,
    PRIMARY KEY (role_id, person_id)
);
CREATE INDEX role_fillers_person ON role_fillers (person_id);

CREATE TABLE domains (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    keywords TEXT,
    holder TEXT NOT NULL
);

CREATE TABLE domain_rules (
    id TEXT NOT NULL PRIMARY KEY,
    domain_id TEXT NOT NULL REFERENCES domains (id) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    condition TEXT,
    decider TEXT NOT NULL,
    process TEXT NOT NULL,
    consulted TEXT,
    informed TEXT,
    time_limit_hours BIGINT,
    escalate_to TEXT
);
CREATE UNIQUE INDEX domain_rules_domain_position ON domain_rules (domain_id, position);

CREATE TABLE delegations (
    id TEXT NOT NULL PRIMARY KEY,
    domain_id TEXT NOT NULL REFERENCES domains (id) DEFERRABLE INITIALLY DEFERRED,
    delegate_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    delegated_by_id TEXT REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    note TEXT
);
CREATE INDEX delegations_domain ON delegations (domain_id);
CREATE INDEX delegations_delegate ON delegations (delegate_id);

CREATE TABLE decisions (
    id TEXT NOT NULL PRIMARY KEY,
    domain_id TEXT NOT NULL REFERENCES domains (id) DEFERRABLE INITIALLY DEFERRED,
    title TEXT NOT NULL,
    proposal TEXT,
    proposer_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    decider_id TEXT REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    process TEXT NOT NULL,
    status TEXT NOT NULL,
    amount REAL,
    scope_team_id TEXT REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    tags TEXT,
    created_at BIGINT NOT NULL,
    deadline BIGINT,
    decided_at BIGINT,
    rationale TEXT,
    review_due BIGINT,
    outcome TEXT,
    learned TEXT
);
CREATE INDEX decisions_domain ON decisions (domain_id, created_at);
CREATE INDEX decisions_proposer ON decisions (proposer_id);

CREATE TABLE decision_responses (
    id TEXT NOT NULL PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED,
    person_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    kind TEXT NOT NULL,
    text TEXT,
    given_at BIGINT NOT NULL,
    resolution TEXT
);
CREATE INDEX decision_responses_decision ON decision_responses (decision_id);

CREATE TABLE acts (
    id TEXT NOT NULL PRIMARY KEY,
    actor_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    co_actor_ids TEXT,
    target_ids TEXT,
    initiator_id TEXT REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    act_type TEXT NOT NULL,
    domain_id TEXT REFERENCES domains (id) DEFERRABLE INITIALLY DEFERRED,
    team_id TEXT REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    started_at BIGINT NOT NULL,
    duration_s BIGINT,
    planned BIGINT CHECK (planned IN (0, 1)),
    channel TEXT,
    influence BIGINT,
    routine_id TEXT,
    decision_id TEXT REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED,
    source TEXT NOT NULL
);
CREATE INDEX acts_actor_started ON acts (actor_id, started_at);
CREATE INDEX acts_started ON acts (started_at);

CREATE TABLE advice_ties (
    id TEXT NOT NULL PRIMARY KEY,
    seeker_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    source_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    subject TEXT,
    frequency BIGINT,
    influence BIGINT,
    origin TEXT NOT NULL,
    wave TEXT
);
CREATE INDEX advice_ties_seeker ON advice_ties (seeker_id);
CREATE INDEX advice_ties_source ON advice_ties (source_id);

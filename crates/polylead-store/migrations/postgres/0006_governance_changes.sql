-- The CSV files of a proposed governance change (new or replaced teams, roles, fillers,
-- domains, rules, delegations), kept with the decision that will adopt it.
CREATE TABLE governance_change_files (
    decision_id TEXT NOT NULL REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED,
    file_name TEXT NOT NULL,
    contents TEXT NOT NULL,
    PRIMARY KEY (decision_id, file_name)
);

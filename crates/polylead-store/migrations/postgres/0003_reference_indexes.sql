-- An index on every foreign-key column that had none. SQLite needs them on insert: while
-- a transaction has an unresolved deferred foreign-key violation (a row referring to a row
-- later in the batch), each row inserted into a parent table makes SQLite look for the
-- children it resolves, a full scan of every unindexed child column. Both backends need
-- them to delete a parent row. Partial (NOT NULL) because these columns are mostly empty;
-- `column = value` implies NOT NULL, so lookups use them.

CREATE INDEX delegations_delegated_by ON delegations (delegated_by_id) WHERE delegated_by_id IS NOT NULL;
CREATE INDEX decisions_decider ON decisions (decider_id) WHERE decider_id IS NOT NULL;
CREATE INDEX decisions_scope_team ON decisions (scope_team_id) WHERE scope_team_id IS NOT NULL;
CREATE INDEX decision_responses_person ON decision_responses (person_id);
CREATE INDEX acts_initiator ON acts (initiator_id) WHERE initiator_id IS NOT NULL;
CREATE INDEX acts_domain ON acts (domain_id) WHERE domain_id IS NOT NULL;
CREATE INDEX acts_team ON acts (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX acts_decision ON acts (decision_id) WHERE decision_id IS NOT NULL;

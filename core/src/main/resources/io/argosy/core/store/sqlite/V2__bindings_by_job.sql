-- Schema version 2: a job's bindings are read by job (its last placement is shown after it ended).
CREATE INDEX bindings_by_job ON bindings (uid, created_at);

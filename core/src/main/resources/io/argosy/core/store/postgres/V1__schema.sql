-- Argosy store on PostgreSQL, schema version 1: the same tables as SQLite's V1 and V2 (times are
-- epoch milliseconds, JSON columns hold documents the control plane writes and reads back whole),
-- with PostgreSQL's types, plus the leader row that fences a deposed control plane.

CREATE TABLE jobs (
  uid            TEXT PRIMARY KEY,
  namespace      TEXT NOT NULL,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  queue          TEXT NOT NULL,
  priority       INTEGER NOT NULL,
  priority_class TEXT,
  submitted_at   BIGINT NOT NULL,
  manifest       TEXT NOT NULL,
  manifest_hash  TEXT NOT NULL,
  seq            BIGINT NOT NULL,
  state          TEXT NOT NULL,
  state_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_name ON jobs (namespace, name);

CREATE TABLE job_events (
  id         BIGSERIAL PRIMARY KEY,
  uid        TEXT NOT NULL REFERENCES jobs (uid) ON DELETE CASCADE,
  from_state TEXT,
  to_state   TEXT NOT NULL,
  reason     TEXT,
  at         BIGINT NOT NULL
);
CREATE INDEX job_events_uid ON job_events (uid, id);

CREATE TABLE bindings (
  binding_id    TEXT PRIMARY KEY,
  uid           TEXT NOT NULL REFERENCES jobs (uid) ON DELETE CASCADE,
  job_id        TEXT NOT NULL,
  cluster       TEXT NOT NULL,
  pods          TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  seq           BIGINT NOT NULL,
  accepted      BOOLEAN NOT NULL DEFAULT FALSE,
  closed        BOOLEAN NOT NULL DEFAULT FALSE,
  closed_reason TEXT
);
CREATE INDEX bindings_open ON bindings (closed, seq);
CREATE INDEX bindings_by_job ON bindings (uid, created_at);

CREATE TABLE queues             (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE priority_classes   (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE placement_policies (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE clusters           (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE settings           (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);

-- One row: the term of the current leader. Each new leader increments it; every write transaction
-- checks it still holds the term it was elected with, so a deposed leader's writes are refused.
CREATE TABLE leader (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  term        BIGINT NOT NULL,
  holder      TEXT,
  acquired_at BIGINT NOT NULL
);
INSERT INTO leader (id, term, holder, acquired_at) VALUES (1, 0, NULL, 0);

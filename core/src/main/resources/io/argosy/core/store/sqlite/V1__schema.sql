-- Argosy store, schema version 1. Times are epoch milliseconds; JSON columns hold documents the
-- control plane writes and reads back whole.

CREATE TABLE jobs (
  uid            TEXT PRIMARY KEY,
  namespace      TEXT NOT NULL,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  queue          TEXT NOT NULL,
  priority       INTEGER NOT NULL,
  priority_class TEXT,
  submitted_at   INTEGER NOT NULL,
  manifest       TEXT NOT NULL,
  manifest_hash  TEXT NOT NULL,
  seq            INTEGER NOT NULL,
  state          TEXT NOT NULL,
  state_at       INTEGER NOT NULL
);
-- one job per name (a deleted job's row is gone, so its name is free again)
CREATE UNIQUE INDEX jobs_name ON jobs (namespace, name);

CREATE TABLE job_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  uid        TEXT NOT NULL REFERENCES jobs (uid) ON DELETE CASCADE,
  from_state TEXT,
  to_state   TEXT NOT NULL,
  reason     TEXT,
  at         INTEGER NOT NULL
);
CREATE INDEX job_events_uid ON job_events (uid, id);

CREATE TABLE bindings (
  binding_id TEXT PRIMARY KEY,
  uid        TEXT NOT NULL REFERENCES jobs (uid) ON DELETE CASCADE,
  job_id     TEXT NOT NULL,
  cluster    TEXT NOT NULL,
  pods       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  accepted   INTEGER NOT NULL DEFAULT 0,
  closed     INTEGER NOT NULL DEFAULT 0,
  closed_reason TEXT
);
CREATE INDEX bindings_open ON bindings (closed, seq);

CREATE TABLE queues             (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE priority_classes   (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE placement_policies (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE clusters           (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE settings           (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);

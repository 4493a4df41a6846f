-- Argosy store on PostgreSQL, schema version 2: what SQLite's V3-V5 added — Karmada override
-- policies, job dependencies (Secret data encrypted by the control plane) and overridden binding
-- manifests; the audit log of mutating API calls; the quota audit log (argosy quota history).
CREATE TABLE override_policies  (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE dependencies       (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE binding_manifests  (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at BIGINT NOT NULL);

CREATE TABLE audit (
  id      BIGSERIAL PRIMARY KEY,
  at      BIGINT NOT NULL,
  who     TEXT NOT NULL,
  role    TEXT,
  method  TEXT NOT NULL,
  path    TEXT NOT NULL,
  status  INTEGER NOT NULL,
  objects TEXT NOT NULL
);
CREATE INDEX audit_who ON audit (who, id);

CREATE TABLE quota_changes (
  id     BIGSERIAL PRIMARY KEY,
  queue  TEXT NOT NULL,
  who    TEXT NOT NULL,
  at     BIGINT NOT NULL,
  action TEXT NOT NULL,
  before TEXT,
  after  TEXT
);
CREATE INDEX quota_changes_queue ON quota_changes (queue, id);

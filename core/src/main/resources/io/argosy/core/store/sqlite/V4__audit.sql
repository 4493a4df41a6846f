-- Schema version 4: the audit log of mutating API calls (who, role, method, path, status, objects).
-- Never the token or the request body.
CREATE TABLE audit (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  who     TEXT NOT NULL,
  role    TEXT,
  method  TEXT NOT NULL,
  path    TEXT NOT NULL,
  status  INTEGER NOT NULL,
  objects TEXT NOT NULL
);
CREATE INDEX audit_who ON audit (who, id);

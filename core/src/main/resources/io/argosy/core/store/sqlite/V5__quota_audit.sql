-- Schema version 5: the quota audit log (argosy quota history). Append-only; before/after are the
-- queue's quota as JSON (capability, guarantee, deserved), null when the queue was created/deleted.
CREATE TABLE quota_changes (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  queue  TEXT NOT NULL,
  who    TEXT NOT NULL,
  at     INTEGER NOT NULL,
  action TEXT NOT NULL,
  before TEXT,
  after  TEXT
);
CREATE INDEX quota_changes_queue ON quota_changes (queue, id);

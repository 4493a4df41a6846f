-- Schema version 3 (Karmada parity): override policies, the objects jobs depend on (Secret data
-- encrypted by the control plane before it gets here), and the overridden manifest of a binding.
CREATE TABLE override_policies  (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE dependencies       (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE binding_manifests  (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);

package io.argosy.core.cli;

/** The CLI's output formats: an aligned table (default) or the API's JSON/YAML (a stable interface). */
enum Output {
  TABLE,
  JSON,
  YAML,
  /** capacity only: a standalone HTML page */
  HTML
}

// The version of each machine-readable format, written in its output and checked by the JSON
// Schemas in schemas/. Raise it when a field changes meaning or goes away (new fields and new
// kinds of event do not break readers and keep it).

/** trace-q --format json (`format_version` of the top-level object) and ndjson (its header line). */
export const TRACE_Q_FORMAT_VERSION = 1;
/** trace-diff --json (`format_version` of the top-level object). */
export const TRACE_DIFF_FORMAT_VERSION = 1;

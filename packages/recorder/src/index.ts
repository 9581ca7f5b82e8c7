export { record } from './record.js';
export type { RecordOptions, RecordResult } from './record.js';
export { RecordingWriter } from './writer/recording-writer.js';
export { SCHEMA_VERSION, loadMigrations, migrate } from './store/migrator.js';
export { CapturePlan } from './tracer/capture-plan.js';
export { UsageError } from './cli/errors.js';
export * from './stream/stop-stream.js';

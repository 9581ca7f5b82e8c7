import Database from 'better-sqlite3';
import { UsageError } from '@tracedb/native';
import { compactStops, loadMigrations, migrate } from '@tracedb/recorder';
import { openRecording } from './open-recording.js';

export interface Upgrade {
  readonly from: number;
  readonly to: number;
  readonly recordingId: string;
}

/**
 * Applies the migrations a recording lacks, in place. It is opened read-only first, so that a
 * file that is not a recording (or one newer than this build) is refused as trace-q refuses it.
 * A recording made before schema 18 has its entry stops' registers stored as changes, as
 * trace-rec stores them now, and the file is vacuumed to the size that takes.
 */
export function upgradeRecording(file: string): Upgrade {
  const rec = openRecording(file);
  rec.db.close();
  const db = new Database(file, { fileMustExist: true });
  try {
    const from = db.pragma('user_version', { simple: true }) as number;
    let to: number;
    try {
      to = migrate(db);
    } catch (e) {
      // each migration is a transaction: the file stays at the last schema that applied whole
      const at = db.pragma('user_version', { simple: true }) as number;
      throw new UsageError(`${file}: cannot upgrade from schema ${at}: ${(e as Error).message}`);
    }
    const compact = loadMigrations().find((m) => m.name === 'compact-stops')!.version;
    if (from < compact && to >= compact) {
      try {
        if (compactStops(db) > 0) db.exec('VACUUM');
      } catch (e) {
        throw new UsageError(`${file}: upgraded to schema ${to}, but its stops could not be made compact: ${(e as Error).message}`);
      }
    }
    const recordingId = db.prepare('SELECT recording_id FROM recording WHERE id = 1').pluck().get() as string;
    return { from, to, recordingId };
  } finally {
    db.close();
  }
}

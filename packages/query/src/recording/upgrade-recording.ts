import Database from 'better-sqlite3';
import { UsageError } from '@tracedb/native';
import { migrate } from '@tracedb/recorder';
import { openRecording } from './open-recording.js';

export interface Upgrade {
  readonly from: number;
  readonly to: number;
  readonly recordingId: string;
}

/**
 * Applies the migrations a recording lacks, in place. It is opened read-only first, so that a
 * file that is not a recording (or one newer than this build) is refused as trace-q refuses it.
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
    const recordingId = db.prepare('SELECT recording_id FROM recording WHERE id = 1').pluck().get() as string;
    return { from, to, recordingId };
  } finally {
    db.close();
  }
}

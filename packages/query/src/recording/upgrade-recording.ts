import Database from 'better-sqlite3';
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
    const to = migrate(db);
    const recordingId = db.prepare('SELECT recording_id FROM recording WHERE id = 1').pluck().get() as string;
    return { from, to, recordingId };
  } finally {
    db.close();
  }
}

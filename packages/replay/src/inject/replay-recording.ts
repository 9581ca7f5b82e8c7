import { closeSync, openSync, rmSync } from 'node:fs';
import { syscallTable } from '@tracedb/native';
import { CapturePlan, FileHashes, machineFacts, RecordingWriter } from '@tracedb/recorder';
import type { Recording } from '@tracedb/query';
import { UsageError } from '../cli/errors.js';

function nowNs(): bigint {
  const ms = performance.timeOrigin + performance.now();
  return BigInt(Math.floor(ms)) * 1_000_000n + BigInt(Math.round((ms % 1) * 1e6));
}

/**
 * --record-to FILE: the replayed run written as a recording like trace-rec's (same schema), so
 * that trace-diff can compare it with the one it replays.
 */
export class ReplayRecording {
  private readonly writer: RecordingWriter;
  private readonly exePath: string | null;
  private readonly path: string;
  private done = false;

  constructor(path: string, r: Recording, cwd: string, captureBytes: number) {
    try {
      closeSync(openSync(path, 'wx'));
    } catch (e) {
      const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
      throw new UsageError(`--record-to ${path}: ${exists ? 'the file exists; trace-replay does not overwrite it' : `cannot create it: ${(e as Error).message}`}`);
    }
    const row = r.row;
    this.path = path;
    this.exePath = row.exe_path;
    try {
      this.writer = RecordingWriter.create(path, new CapturePlan(syscallTable), {
        mode: 'launch',
        argv: JSON.parse(row.argv),
        env: JSON.parse(row.env),
        cwd,
        exePath: row.exe_path,
        ...machineFacts(),
        ids: { uid: process.getuid!(), gid: process.getgid!(), euid: process.geteuid!(), egid: process.getegid!() },
        rlimits: row.rlimits !== null ? JSON.parse(row.rlimits) : {},
        fds: row.fds !== null ? JSON.parse(row.fds) : [],
        tracerVersion: row.tracer_version,
        options: { replayOf: r.path, captureBytes },
        startedNs: nowNs(),
      });
    } catch (e) {
      rmSync(path, { force: true });
      throw new UsageError(`--record-to ${path}: cannot create it: ${(e as Error).message}`);
    }
  }

  setLibc(libc: string): void {
    this.writer.setLibc(libc);
  }

  consume(buf: ArrayBuffer): void {
    this.writer.consume(buf);
  }

  /** trace-replay failed before the replay ended: no half-made recording is left. */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    this.writer.close();
    rmSync(this.path, { force: true });
    for (const side of ['-wal', '-shm']) rmSync(this.path + side, { force: true });
  }

  finish(exitStatus: number | null, interruptedBy: string | null): void {
    const hashes = new FileHashes();
    const files = new Set([...this.writer.mappedPaths, ...(this.exePath !== null ? [this.exePath] : [])]);
    this.writer.finish(
      { endedNs: nowNs(), exitStatus, complete: interruptedBy === null, interruptedBy },
      { exe: this.exePath !== null ? (hashes.of(this.exePath)?.sha256 ?? null) : null, files: hashes.all(files) },
    );
    this.writer.close();
    this.done = true;
  }
}

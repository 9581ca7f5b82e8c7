import { closeSync, constants, fstatSync, linkSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { fileUsers, fsName } from '@tracedb/native';
import { UsageError } from './cli/errors.js';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * The recording file this run created, and only that: it is made with O_EXCL (so of two runs
 * on one name exactly one gets it, and a symlink at the name is never followed), held open for
 * the whole run (so that another run's --force sees it in use), and removed or reported only
 * while the name still refers to it. The name is bytes in bytesToString's form: node:fs gets
 * them exactly, and SQLite gets the open descriptor (see sqliteName).
 */
export class OutputFile {
  private constructor(
    readonly name: string,
    private readonly dev: number,
    private readonly ino: number,
    private fd: number | null,
  ) {}

  /** Creates `name`; with `force`, first removes what is there, unless it is a directory or in use. */
  static claim(name: string, force: boolean): OutputFile {
    checkDirectory(name);
    if (force) removeExisting(name);
    let fd: number;
    try {
      fd = openSync(fsName(name), 'wx', 0o644);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new UsageError(force ? `'${name}' was created by another run meanwhile; not overwriting it` : `'${name}' exists; use --force to overwrite it`, 1);
      }
      throw new UsageError(`cannot create '${name}': ${(e as Error).message}`, 1);
    }
    const st = fstatSync(fd);
    return new OutputFile(name, st.dev, st.ino, fd);
  }

  /** The first free one of PROG.trace.db, PROG-1.trace.db, … (created, so no other run takes it). */
  static claimFree(base: string): OutputFile {
    for (let i = 0; ; i++) {
      const name = i === 0 ? `${base}.trace.db` : `${base}-${i}.trace.db`;
      try {
        return OutputFile.claim(name, false);
      } catch (e) {
        if (!(e instanceof UsageError) || !e.message.includes('exists')) throw e;
      }
    }
  }

  /**
   * The name SQLite opens the file by: better-sqlite3 takes a name only as UTF-8 text, but
   * SQLite follows symbolic links, /proc/self/fd/N included, to the file's real name (bytes),
   * beside which it makes the -wal and -shm files. It is also certainly the file claimed.
   */
  sqliteName(): string {
    if (this.fd === null) throw new Error('the output file was released');
    if (!this.atName()) this.reopen();
    return `/proc/self/fd/${this.fd}`;
  }

  /** Is the descriptor's path the name's? Not once another run's --force moved the file away and linked it back (see removeExisting). */
  private atName(): boolean {
    try {
      return readlinkSync(`/proc/self/fd/${this.fd}`, { encoding: 'buffer' }).equals(realpathSync.native(fsName(this.name), { encoding: 'buffer' }));
    } catch {
      return true; // the name is away for the moment: nothing to open it by
    }
  }

  /** The file opened again by its name, if the name is still ours: the descriptor then has the name's path. */
  private reopen(): void {
    let fd: number;
    try {
      fd = openSync(fsName(this.name), constants.O_RDWR | constants.O_NOFOLLOW);
    } catch {
      return;
    }
    const st = fstatSync(fd);
    if (st.dev !== this.dev || st.ino !== this.ino) {
      closeSync(fd);
      return;
    }
    closeSync(this.fd!);
    this.fd = fd;
  }

  /** Does the name still refer to the file this run created? */
  stillOurs(): boolean {
    try {
      const st = statSync(fsName(this.name));
      return st.dev === this.dev && st.ino === this.ino;
    } catch {
      return false;
    }
  }

  /** Removes the recording and its SQLite side files, if the name is still ours. */
  remove(): void {
    if (this.stillOurs()) for (const suffix of ['', ...SIDE_FILES]) rmSync(fsName(this.name + suffix), { force: true });
    this.release();
  }

  /** Done with the file (the recording's own connection has closed, or will). */
  release(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function checkDirectory(name: string): void {
  let st;
  try {
    // not path.resolve: it joins process.cwd(), where bytes that are not UTF-8 became U+FFFD
    st = statSync(fsName(path.dirname(name)));
  } catch {
    throw new UsageError(`cannot create '${name}': No such file or directory`, 1);
  }
  if (!st.isDirectory()) throw new UsageError(`cannot create '${name}': Not a directory`, 1);
}

function removeExisting(name: string): void {
  let st;
  try {
    st = lstatSync(fsName(name));
  } catch {
    return; // nothing there
  }
  if (st.isDirectory()) throw new UsageError(`'${name}' is a directory; not overwriting it`, 1);
  const user = st.isFile() ? processUsing(st.dev, st.ino) : null;
  if (user !== null) throw new UsageError(`'${name}' is open in process ${user} (a recording still being written?); not overwriting it`, 1);
  // Another run may make a new file at the name at any moment: the name is taken away first (a
  // rename, atomic), and what was taken is removed only if it is the file checked; else it is
  // put back (a link fails if yet another file is there by then: that run keeps its own).
  const taken = `${name}.${process.pid}.replaced`;
  try {
    renameSync(fsName(name), fsName(taken)); // a symlink is replaced, never followed
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // removed meanwhile: creating it decides
    throw new UsageError(`cannot replace '${name}': ${(e as Error).message}`, 1);
  }
  if (!sameFile(taken, st)) {
    try {
      linkSync(fsName(taken), fsName(name));
    } catch {
      // another file is at the name again: not ours either
    }
    unlinkSync(fsName(taken));
    throw new UsageError(`'${name}' was created by another run meanwhile; not overwriting it`, 1);
  }
  unlinkSync(fsName(taken));
  for (const suffix of SIDE_FILES) {
    const side = lstatOrNull(name + suffix);
    if (side && (!side.isFile() || processUsing(side.dev, side.ino) === null)) rmSync(fsName(name + suffix), { force: true });
  }
}

function lstatOrNull(name: string): Stats | null {
  try {
    return lstatSync(fsName(name));
  } catch {
    return null;
  }
}

function sameFile(name: string, st: Stats): boolean {
  const now = lstatOrNull(name);
  return now !== null && now.dev === st.dev && now.ino === st.ino;
}

/** A process (other than this one) that has the file open, or null. */
function processUsing(dev: number, ino: number): number | null {
  return fileUsers(dev, ino)[0]?.pid ?? null;
}

/** How renderStrace prints a recording: the strace command-line options it mirrors. */
export interface RenderOptions {
  /** -s: the longest string printed before "..." (strace's default is 32). */
  stringLimit: number;
  /** -x: non-ASCII strings in hex; -xx: all strings in hex. */
  hex: 0 | 1 | 2;
  /** -y / -yy: fd paths from the recorded fd history. */
  decodeFds: 0 | 1 | 2;
  /** -a: the column where " = ret" starts (strace's default is 40). */
  align: number;
  /** -t, -tt, -ttt: absolute timestamps (local time zone, as strace). */
  timestamps: 0 | 1 | 2 | 3;
  /** -r: relative timestamps (time since the previous line). */
  relative: boolean;
  /** -T: time spent in each syscall, <0.000123>. */
  syscallTimes: boolean;
  /** -n: the syscall number, [  257]. */
  numbers: boolean;
  /** -X: how named constants print. */
  consts: 'raw' | 'abbrev' | 'verbose';
  /** -v: unabbreviated structures (all stat fields, execve's environment...). */
  verbose: boolean;
  /** -i: the instruction pointer at each line, [00007f...]. */
  instructionPointer: boolean;
  /**
   * The tid column. `strace -f -o FILE` always prints it (print_pid_pfx), even when a single
   * process ran, so the default is true.
   */
  pidColumn: boolean;
}

export const defaultRenderOptions: RenderOptions = Object.freeze({
  stringLimit: 32,
  hex: 0,
  decodeFds: 0,
  align: 40,
  timestamps: 0,
  relative: false,
  syscallTimes: false,
  numbers: false,
  consts: 'abbrev',
  verbose: false,
  instructionPointer: false,
  pidColumn: true,
}) as RenderOptions;

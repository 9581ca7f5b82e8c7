import { COLOR_HELP } from '@tracedb/native/terminal';

/**
 * One trace-rec option, or one strace option trace-rec answers for: the parser, --help and the
 * messages all read these rows.
 */
export interface RecOption {
  /** The long name (--name); '' for a strace option that has only a letter. */
  readonly name: string;
  readonly short?: string;
  /**
   * What the option is:
   * - ours: a trace-rec option, shown in --help;
   * - no-op: a strace option that asks for what trace-rec always does (-f: it follows forks);
   * - display: a strace option about how the trace is shown: trace-q has it;
   * - tracing: a strace option that acts while tracing (tampering, detaching…): trace-rec has none.
   */
  readonly kind: 'ours' | 'no-op' | 'display' | 'tracing';
  /** none: a flag; value: takes one (next argument or attached); optional: only attached (--name=V, -xV). */
  readonly value: 'none' | 'value' | 'optional';
  /** Help's type tag: booleans take --no-NAME; list options may be repeated. */
  readonly type?: 'boolean' | 'string' | 'number' | 'list';
  readonly default?: boolean | number;
  readonly describe?: string;
  /** For `tracing` options: what they do, in the refusal. */
  readonly does?: string;
}

/** trace-rec's options, in --help's order, then the strace options it answers for. */
export const REC_OPTIONS: readonly RecOption[] = [
  { name: 'output', short: 'o', kind: 'ours', value: 'value', type: 'string', describe: 'recording file (default: PROG.trace.db; an existing file is never overwritten)' },
  { name: 'force', kind: 'ours', value: 'none', type: 'boolean', default: false, describe: 'overwrite the output file if it exists (no short letter: -f is strace\'s)' },
  { name: 'quiet', short: 'q', kind: 'ours', value: 'none', type: 'boolean', default: false, describe: 'no summary line or progress on stderr' },
  { name: 'pin', kind: 'ours', value: 'none', type: 'boolean', default: true, describe: 'pin tracer and tracees to one CPU (--no-pin: do not; with --trace: not pinned)' },
  { name: 'capture-bytes', kind: 'ours', value: 'value', type: 'number', default: 65536, describe: 'bytes of each buffer argument to capture' },
  { name: 'trace', kind: 'ours', value: 'value', type: 'string', describe: "as strace --seccomp-bpf -e trace=SET (also -etrace=SET, -e SET): only these syscalls stop, through a seccomp-bpf filter; SET as trace-q's (names, %classes, /regex, ! first negates). Signals, events and exits are recorded as always. The recording is partial: trace-replay refuses it, and --replayable does not go with it" },
  { name: 'seccomp-bpf', kind: 'ours', value: 'none', type: 'boolean', default: false, describe: "accepted as strace's flag: with --trace it is what trace-rec does; alone it changes nothing (trace-rec then records every syscall)" },
  { name: 'replayable', kind: 'ours', value: 'none', type: 'boolean', default: false, describe: 'record for trace-replay: ASLR off, vDSO hidden, rdtsc/rdtscp answered and recorded, rseq refused, what the kernel writes captured whole, mapped files hashed (and copied)' },
  { name: 'trap-cpuid', kind: 'ours', value: 'none', type: 'boolean', default: false, describe: 'with --replayable: answer and record cpuid too (on a VM each switch between trace-rec and the program then costs an MSR write, ~8 µs: about 3× the recording time of a syscall-heavy program)' },
  { name: 'attach', short: 'p', kind: 'ours', value: 'value', type: 'number', describe: 'attach to the running process PID and its threads' },
  { name: 'env', short: 'E', kind: 'ours', value: 'value', type: 'list', describe: 'as strace: VAR=VAL puts VAR in the program\'s environment (in its place if set), VAR removes it' },
  { name: 'user', short: 'u', kind: 'ours', value: 'value', type: 'string', describe: 'as strace: run PROG with USER\'s uid, gid and groups (as root; setuid/setgid honoured)' },
  { name: 'color', kind: 'ours', value: 'optional', type: 'string', describe: `${COLOR_HELP} (trace-rec colours its error messages only)` },
  { name: 'help', short: 'h', kind: 'ours', value: 'none', type: 'boolean', describe: 'show this help' },
  { name: 'version', short: 'V', kind: 'ours', value: 'none', type: 'boolean', describe: 'show the version' },

  { name: 'follow-forks', short: 'f', kind: 'no-op', value: 'none' },
  { name: '', short: 'F', kind: 'no-op', value: 'none' },

  { name: '', short: 'e', kind: 'display', value: 'value' },
  { name: 'signal', kind: 'display', value: 'value' },
  { name: 'status', kind: 'display', value: 'value' },
  { name: 'abbrev', kind: 'display', value: 'value' },
  { name: 'verbose', kind: 'display', value: 'value' },
  { name: 'raw', kind: 'display', value: 'value' },
  { name: 'read', kind: 'display', value: 'value' },
  { name: 'write', kind: 'display', value: 'value' },
  { name: 'kvm', kind: 'display', value: 'value' },
  { name: 'trace-path', short: 'P', kind: 'display', value: 'value' },
  { name: 'successful-only', short: 'z', kind: 'display', value: 'none' },
  { name: 'failed-only', short: 'Z', kind: 'display', value: 'none' },
  { name: 'columns', short: 'a', kind: 'display', value: 'value' },
  { name: 'instruction-pointer', short: 'i', kind: 'display', value: 'none' },
  { name: 'syscall-number', short: 'n', kind: 'display', value: 'none' },
  { name: 'output-separately', kind: 'display', value: 'none' },
  { name: 'relative-timestamps', short: 'r', kind: 'display', value: 'optional' },
  { name: 'string-limit', short: 's', kind: 'display', value: 'value' },
  { name: 'absolute-timestamps', short: 't', kind: 'display', value: 'optional' },
  { name: 'syscall-times', short: 'T', kind: 'display', value: 'optional' },
  { name: 'no-abbrev', short: 'v', kind: 'display', value: 'none' },
  { name: 'strings-in-hex', short: 'x', kind: 'display', value: 'optional' },
  { name: 'const-print-style', short: 'X', kind: 'display', value: 'value' },
  { name: 'decode-fds', short: 'y', kind: 'display', value: 'optional' },
  { name: 'decode-pids', short: 'Y', kind: 'display', value: 'optional' },
  { name: 'summary-only', short: 'c', kind: 'display', value: 'none' },
  { name: 'summary', short: 'C', kind: 'display', value: 'none' },
  { name: 'summary-syscall-overhead', short: 'O', kind: 'display', value: 'value' },
  { name: 'summary-sort-by', short: 'S', kind: 'display', value: 'value' },
  { name: 'summary-columns', short: 'U', kind: 'display', value: 'value' },
  { name: 'summary-wall-clock', short: 'w', kind: 'display', value: 'none' },

  { name: 'inject', kind: 'tracing', value: 'value', does: 'tampers with syscalls' },
  { name: 'fault', kind: 'tracing', value: 'value', does: 'makes syscalls fail' },
  { name: 'detach-on', short: 'b', kind: 'tracing', value: 'value', does: 'detaches at an execve' },
  { name: 'daemonize', short: 'D', kind: 'tracing', value: 'optional', does: 'runs the tracer as a grandchild' },
  { name: 'interruptible', short: 'I', kind: 'tracing', value: 'value', does: 'blocks signals in the tracer' },
  { name: 'stack-traces', short: 'k', kind: 'tracing', value: 'none', does: 'unwinds the stack at each syscall' },
  { name: 'output-append-mode', short: 'A', kind: 'tracing', value: 'none', does: 'appends to the -o file' },
  { name: 'debug', short: 'd', kind: 'tracing', value: 'none', does: "prints strace's own debugging output" },
];

/** -e's qualifiers that choose what trace-rec records: -e trace=SET (-e t=SET, -e SET) is --trace. */
export const RECORD_QUALIFIERS: Readonly<Record<string, string>> = { trace: 'trace', t: 'trace' };

/** -e's qualifiers that act while tracing (the others choose what is shown). */
export const TRACING_QUALIFIERS: Readonly<Record<string, string>> = {
  inject: 'tampers with syscalls',
  fault: 'makes syscalls fail',
};

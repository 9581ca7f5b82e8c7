import { describe, expect, it } from 'vitest';
import { I386_KEY } from '@tracedb/native';
import { UsageError } from './errors.js';
import { parseRecArgs } from './parse-args.js';

const defaults = { kind: 'record', attach: null, output: null, force: false, quiet: false, pin: true, captureBytes: 65536, replayable: false, trapCpuid: false, envChanges: [], user: null, color: 'auto', filter: null };

describe('trace-rec argument parsing', () => {
  it.each([
    [['ls', '-l', '/'], { ...defaults, command: ['ls', '-l', '/'] }],
    [['--', 'ls', '-l'], { ...defaults, command: ['ls', '-l'] }],
    [['-o', 'x.db', '--', './prog', '--opt', '--', 'y'], { ...defaults, output: 'x.db', command: ['./prog', '--opt', '--', 'y'] }],
    [['-q', '--force', '--no-pin', '--capture-bytes', '4096', 'sleep', '1'], { ...defaults, quiet: true, force: true, pin: false, captureBytes: 4096, command: ['sleep', '1'] }],
    // strace's -f, -ff, -F: trace-rec always follows forks; never --force
    [['-f', '-o', 'x.db', 'ls'], { ...defaults, output: 'x.db', command: ['ls'] }],
    [['-ff', '-F', '-qf', '-f', 'ls'], { ...defaults, quiet: true, command: ['ls'] }],
    [['--follow-forks', 'ls'], { ...defaults, command: ['ls'] }],
    [['-E', 'A=1', '-EB', '--env=C', '-u', 'nobody', 'env'], { ...defaults, envChanges: ['A=1', 'B', 'C'], user: 'nobody', command: ['env'] }],
    [['-oout.db', 'ls'], { ...defaults, output: 'out.db', command: ['ls'] }],
    [['--color', 'ls'], { ...defaults, color: 'always', command: ['ls'] }],
    [['--color=no', 'ls'], { ...defaults, color: 'never', command: ['ls'] }],
    [['--no-color', 'ls'], { ...defaults, color: 'never', command: ['ls'] }],
    [['--color=force', '--color=auto', 'ls'], { ...defaults, color: 'auto', command: ['ls'] }],
    [['--replayable', '-o', 'r.db', './prog'], { ...defaults, replayable: true, output: 'r.db', command: ['./prog'] }],
    [['--replayable', '--trap-cpuid', './prog'], { ...defaults, replayable: true, trapCpuid: true, command: ['./prog'] }],
    [['--output=a.db', 'true'], { ...defaults, output: 'a.db', command: ['true'] }],
    [['-p', '1234'], { ...defaults, attach: 1234, command: null }],
    [['--attach', '99', '-o', 'a.db'], { ...defaults, attach: 99, output: 'a.db', command: null }],
    // strace's spellings of -e trace=SET (and -e SET); --seccomp-bpf alone changes nothing
    [['-e', 'trace=openat', 'ls'], { ...defaults, pin: false, filter: { trace: 'openat', keys: [257, I386_KEY + 295] }, command: ['ls'] }],
    [['-etrace=openat', 'ls'], { ...defaults, pin: false, filter: { trace: 'openat', keys: [257, I386_KEY + 295] }, command: ['ls'] }],
    [['--trace=openat', '--seccomp-bpf', 'ls'], { ...defaults, pin: false, filter: { trace: 'openat', keys: [257, I386_KEY + 295] }, command: ['ls'] }],
    [['-e', 'openat', 'ls'], { ...defaults, pin: false, filter: { trace: 'openat', keys: [257, I386_KEY + 295] }, command: ['ls'] }],
    [['--seccomp-bpf', 'ls'], { ...defaults, command: ['ls'] }],
    // options after the program belong to the program
    [['echo', '-q', '--force'], { ...defaults, command: ['echo', '-q', '--force'] }],
  ])('%j', async (argv, expected) => {
    expect(await parseRecArgs(argv)).toEqual(expected);
  });

  it.each([
    [['--bogus', 'ls'], "unknown option '--bogus' (see trace-rec --help)"],
    [['--capture-byte', '1', 'ls'], "unknown option '--capture-byte'; did you mean --capture-bytes?"],
    [['--froce', 'ls'], "unknown option '--froce'; did you mean --force?"],
    [['-force', 'ls'], "unknown option '-force'; did you mean --force?"],
    [['-qg', 'ls'], "unknown option '-g' in '-qg' (see trace-rec --help)"],
    [[], 'no program given (see trace-rec --help)'],
    [['-o'], '-o needs a value (see trace-rec --help)'],
    [['-p', 'abc'], "-p needs a whole number from 1, got 'abc'"],
    [['-p', '1e3'], "-p needs a whole number from 1, got '1e3'"],
    [['-p', ''], "-p needs a whole number from 1, got ''"],
    [['-p', '12', 'ls'], 'give either a program to run or -p PID, not both'],
    [['--capture-bytes', '-1', 'ls'], "--capture-bytes needs a whole number from 0 to 67108864, got '-1'"],
    [['--capture-bytes', '', 'ls'], "--capture-bytes needs a whole number from 0 to 67108864, got ''"],
    [['--capture-bytes=0x10', 'ls'], "--capture-bytes needs a whole number from 0 to 67108864, got '0x10'"],
    [['-s', '100', 'ls'], "-s 100 chooses what a trace shows: trace-rec records everything, and 'trace-q REC -s 100' shows it that way"],
    [['-e', 'fault=openat', 'ls'], '-e fault=openat (strace: makes syscalls fail) acts while tracing, and trace-rec does not have it: it records every stop, unchanged'],
    [['--color=maybe', 'ls'], "--color takes auto, always or never (also yes/force, no/none), got 'maybe'"],
    [['-E', 'A=1', '-p', '3'], '-E is for a program trace-rec starts, not with -p'],
    [['--replayable', '-p', '3'], '--replayable is for a program trace-rec starts, not with -p'],
    [['--trap-cpuid', './prog'], '--trap-cpuid goes with --replayable'],
    [['-o', 'a', '-o', 'b', 'ls'], '--output given more than once'],
    [['-e', 'trace=nosuch', 'ls'], "unknown syscall 'nosuch'"],
    [['-e', 'trace=openat', '-e', 'trace=read', 'ls'], '--trace given more than once'],
    [['-e', 'trace=openat', '--replayable', 'ls'], '--replayable records every syscall: it does not go with -e trace= (trace-replay cannot replay a partial recording)'],
    [['-e', 'trace=openat', '-p', '3'], '-e trace= is for a program trace-rec starts, not with -p (the filter is installed at its execve)'],
    [['--pin', '-e', 'trace=openat', 'ls'], "--pin does not go with -e trace=: a pinned program is shown its untraced CPU mask at sched_getaffinity's stops, which the filter takes away"],
  ])('%j is refused: %s', async (argv, message) => {
    await expect(parseRecArgs(argv)).rejects.toThrow(new UsageError(message));
  });

  it('--help shows every option and the examples', async () => {
    const r = await parseRecArgs(['--help']);
    expect(r.kind).toBe('help');
    const text = (r as { text: string }).text;
    for (const o of ['--output', '--force', '--quiet', '--pin', '--capture-bytes', '--replayable', '--attach', '--env', '--user', '--color']) expect(text).toContain(o);
    expect(text).not.toContain('-f, --force');
    expect(text).toMatch(/--capture-bytes[^\n]*\n?[^\n]*\[number\]/);
    expect(text).toContain('trace-rec -o ls.db -- ls -l /');
    expect(text).toContain('trace-rec --replayable -o run.db ./prog');
  });

  it('--version', async () => {
    expect(await parseRecArgs(['-V'])).toEqual({ kind: 'version' });
  });
});

#!/usr/bin/env node
// koffi-floor: ptrace-floor.c's loop in JavaScript over koffi, in one thread: the least a tracer
// built as trace-rec is (TypeScript over koffi) pays, with none of trace-rec's work.
//
//   node bench/koffi-floor.mjs [--pin] [--read] [--] PROG ARGS...
//
// At every syscall entry and exit stop: wait4, PTRACE_GETREGS, PTRACE_SYSCALL. With --read, one
// process_vm_readv of one byte at the second argument at each exit stop too: one read a syscall,
// as trace-rec reads read's buffer at its exit and write's at its entry. Follows forks and clones,
// passes signals on, exits with PROG's status. Records nothing. It loads only koffi and two
// generated constant files, so that its start-up is Node's and koffi's. Run it with `node`, not
// through npm, from a built tree.
import { createRequire } from 'node:module';
import * as k from '../packages/native/dist/generated/ptrace-constants.js';
import { REGS_SIZE, syscallRegs } from '../packages/native/dist/arch/x86_64/regs.js';

const koffi = createRequire(import.meta.url)('koffi');
const lib = koffi.load('libc.so.6');
const c = {
  posix_spawn: lib.func('int posix_spawn(_Out_ int *pid, const char *path, void *fa, void *attr, const char **argv, const char **envp)'),
  posix_spawn_file_actions_init: lib.func('int posix_spawn_file_actions_init(void *fa)'),
  posix_spawn_file_actions_adddup2: lib.func('int posix_spawn_file_actions_adddup2(void *fa, int fd, int newfd)'),
  waitpid: lib.func('int waitpid(int pid, _Inout_ int *status, int options)'),
  wait4: lib.func('int wait4(int pid, _Inout_ int *status, int options, void *rusage)'),
  ptrace: lib.func('long ptrace(int request, int pid, void *addr, void *data)'),
  ptraceInt: lib.func('ptrace', 'long', ['int', 'int', 'uintptr_t', 'uintptr_t']),
  process_vm_readv: lib.func('intptr_t process_vm_readv(int pid, const void *local, unsigned long n, const void *remote, unsigned long m, unsigned long flags)'),
  kill: lib.func('int kill(int pid, int sig)'),
  sched_setaffinity: lib.func('int sched_setaffinity(int pid, size_t size, const uint8_t *mask)'),
};

const args = process.argv.slice(2);
const pin = args[0] === '--pin' ? (args.shift(), true) : false;
const read = args[0] === '--read' ? (args.shift(), true) : false;
if (args[0] === '--') args.shift();
if (args.length === 0) {
  process.stderr.write('usage: koffi-floor [--pin] [--read] [--] PROG ARGS...\n');
  process.exit(125);
}
if (pin && c.sched_setaffinity(0, 128, Buffer.concat([Buffer.of(1), Buffer.alloc(127)])) !== 0) {
  process.stderr.write('koffi-floor: cannot pin to CPU 0\n');
  process.exit(125);
}

// A shell that stops itself, to be seized, then execs the program.
const SIGCONT = 18;
const z = (text) => Buffer.from(`${text}\0`);
const argv = [...['sh', '-c', 'kill -STOP $$; exec "$@"', 'sh', ...args].map(z), null];
const env = [...Object.entries(process.env).map(([key, v]) => z(`${key}=${v}`)), null];
// Node's 0-2 are close-on-exec: dup2 onto itself clears that (glibc ≥ 2.29), as trace-rec's launcher does
const fa = Buffer.alloc(256);
c.posix_spawn_file_actions_init(fa);
for (const fd of [0, 1, 2]) c.posix_spawn_file_actions_adddup2(fa, fd, fd);
const out = [0];
if (c.posix_spawn(out, '/bin/sh', fa, null, argv, env) !== 0) {
  process.stderr.write('koffi-floor: posix_spawn failed\n');
  process.exit(125);
}
const root = out[0];
const st = new Int32Array(1);
c.waitpid(root, st, 2 /* WUNTRACED */);
const options = k.PTRACE_O_TRACESYSGOOD | k.PTRACE_O_TRACEFORK | k.PTRACE_O_TRACEVFORK | k.PTRACE_O_TRACECLONE | k.PTRACE_O_TRACEEXEC | k.PTRACE_O_EXITKILL;
if (c.ptraceInt(k.PTRACE_SEIZE, root, 0, options) !== 0) {
  process.stderr.write('koffi-floor: PTRACE_SEIZE failed\n');
  process.exit(125);
}
c.kill(root, SIGCONT);

const WALL = 0x40000000;
const regs = Buffer.alloc(REGS_SIZE);
const view = new DataView(regs.buffer, regs.byteOffset, REGS_SIZE);
// The iovecs name `target` by address: it is a field of an object the loop uses, so that the
// collector cannot free it while the kernel writes there.
const io = { target: Buffer.allocUnsafeSlow(4096), local: Buffer.alloc(16), remote: Buffer.alloc(16) };
io.local.writeBigUInt64LE(koffi.address(io.target), 0);
io.local.writeUInt32LE(1, 8);
io.remote.writeUInt32LE(1, 8);
const ENOSYS = -38;
const seen = new Set([root]);
let live = 1;
let status = 125;
while (live > 0) {
  const tid = c.wait4(-1, st, WALL, null);
  if (tid < 0) break;
  const s = st[0];
  if ((s & 0xff) !== 0x7f) {
    // exited or killed
    if (seen.delete(tid)) live--;
    if (tid === root) status = (s & 0x7f) === 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
    continue;
  }
  if (!seen.has(tid)) {
    seen.add(tid);
    live++;
  }
  const sig = (s >> 8) & 0xff;
  let deliver = 0;
  if (sig === (5 | 0x80)) {
    c.ptrace(k.PTRACE_GETREGS, tid, null, regs);
    if (read && !(view.getInt32(syscallRegs.ret, true) === ENOSYS && view.getInt32(syscallRegs.ret + 4, true) === -1)) {
      io.remote.writeUInt32LE(view.getUint32(syscallRegs.args[1], true), 0);
      io.remote.writeUInt32LE(view.getUint32(syscallRegs.args[1] + 4, true), 4);
      c.process_vm_readv(tid, io.local, 1, io.remote, 1, 0);
    }
  } else if (s >>> 16 === 0) deliver = sig; // a signal; events (a new tracee's first stop, group stops) are resumed
  c.ptraceInt(k.PTRACE_SYSCALL, tid, 0, deliver);
}
process.exitCode = status;

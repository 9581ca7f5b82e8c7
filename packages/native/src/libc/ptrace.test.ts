import { describe, expect, it } from 'vitest';
import { ErrnoError } from '../errno-error.js';
import { bufferAddress, libc } from './libc.js';
import { ptrace } from './ptrace.js';
import { regOffset } from '../arch/x86_64/regs.js';
import { syscallTable } from '../arch/x86_64/syscall-table.js';
import { PTRACE_O_TRACESYSGOOD, PTRACE_SYSCALL_INFO_ENTRY, PTRACE_SYSCALL_INFO_EXIT, WUNTRACED, __WALL } from '../generated/ptrace-constants.js';
import { WEXITSTATUS, WIFEXITED, WIFSTOPPED, WSTOPSIG } from '../wait-status.js';

const NR = new Map(syscallTable.map((d) => [d.name, d.nr]));

/** A shell that stops itself, then runs `script`: a child to seize, as trace-rec does. */
function spawnStopped(script: string): number {
  const pid = [0];
  expect(libc.posix_spawn(pid, '/bin/sh', null, null, ['sh', '-c', `kill -STOP $$; ${script}`, null], [null])).toBe(0);
  const st = new Int32Array(1);
  expect(libc.waitpid(pid[0], st, WUNTRACED)).toBe(pid[0]);
  expect(WIFSTOPPED(st[0]) && WSTOPSIG(st[0])).toBe(19);
  return pid[0];
}

describe('ptrace through koffi', () => {
  it('seizes a stopped child and sees its syscalls, entry then exit, with registers', () => {
    const pid = spawnStopped('exit 7');
    ptrace.seize(pid, PTRACE_O_TRACESYSGOOD);
    libc.kill(pid, 18);
    const st = new Int32Array(1);
    const seen: [string, number][] = [];
    let exitCode = -1;
    let peekedStack = false;
    for (;;) {
      expect(libc.waitpid(pid, st, __WALL)).toBe(pid);
      if (WIFEXITED(st[0])) {
        exitCode = WEXITSTATUS(st[0]);
        break;
      }
      const sig = WSTOPSIG(st[0]);
      if (sig !== (5 | 0x80)) {
        ptrace.syscall(pid, st[0] >>> 16 === 0 ? sig : 0);
        continue;
      }
      const info = ptrace.getSyscallInfo(pid);
      const regs = ptrace.getRegs(pid);
      expect(regs.length).toBe(216);
      const nr = Number(regs.readBigInt64LE(regOffset.orig_rax));
      seen.push([syscallTable.find((d) => d.nr === nr)?.name ?? String(nr), info[0]]);
      if (info[0] === PTRACE_SYSCALL_INFO_ENTRY && nr === NR.get('exit_group') && !peekedStack) {
        // The same word through process_vm_readv and PTRACE_PEEKDATA.
        const sp = Number(regs.readBigUInt64LE(regOffset.rsp));
        const local = Buffer.alloc(8);
        const liov = Buffer.alloc(16);
        liov.writeBigUInt64LE(BigInt(bufferAddress(local)), 0);
        liov.writeBigUInt64LE(8n, 8);
        const riov = Buffer.alloc(16);
        riov.writeBigUInt64LE(BigInt(sp), 0);
        riov.writeBigUInt64LE(8n, 8);
        expect(libc.process_vm_readv(pid, liov, 1, riov, 1, 0)).toBe(8);
        expect(local.readBigUInt64LE(0)).toBe(ptrace.peekData(pid, sp));
        peekedStack = true;
      }
      ptrace.syscall(pid);
    }
    expect(exitCode).toBe(7);
    expect(peekedStack).toBe(true);
    // every syscall but exit_group has its entry and then its exit
    const last = seen.pop()!;
    expect(last).toEqual(['exit_group', PTRACE_SYSCALL_INFO_ENTRY]);
    for (let i = 0; i < seen.length; i += 2) {
      expect(seen[i][1]).toBe(PTRACE_SYSCALL_INFO_ENTRY);
      expect(seen[i + 1]).toEqual([seen[i][0], PTRACE_SYSCALL_INFO_EXIT]);
    }
  });

  it('turns a failed request into an ErrnoError with the errno name', () => {
    let err: unknown;
    try {
      ptrace.getRegs(process.pid);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ErrnoError);
    expect((err as ErrnoError).code).toBe('ESRCH');
    expect((err as ErrnoError).message).toBe(`PTRACE_GETREGS(${process.pid}): No such process`);
  });
});

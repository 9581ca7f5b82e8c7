// The blocked-signal mask of each thread, followed through the recording, so that
// rt_sigreturn can print the mask its signal frame restores ({mask=[...]}). The recorder
// does not read the signal frame (it is on the stack, addressed by no argument), so the mask
// is inferred: the thread's mask when the signal was delivered to a handler.

import type { StopMemory } from '../decode/context.js';
import { sigmaskText } from '../decode/signals.js';
import type { RenderOptions } from './render-options.js';
import type { SyscallRow } from './syscall-row.js';

interface Action {
  handler: bigint;
  flags: bigint;
  mask: bigint;
}

const SA_NODEFER = 0x40000000n;
const SA_RESETHAND = 0x80000000n;
const UNBLOCKABLE = (1n << 8n) | (1n << 18n); // SIGKILL, SIGSTOP
const bit = (sig: number): bigint => 1n << BigInt(sig - 1);

export class SigmaskTracker {
  private readonly mask = new Map<number, bigint>();
  private readonly frames = new Map<number, bigint[]>();
  private readonly actions = new Map<number, Map<number, Action>>();
  private readonly pidOf = new Map<number, number>();

  private actionsOf(pid: number): Map<number, Action> {
    let a = this.actions.get(pid);
    if (!a) {
      a = new Map();
      this.actions.set(pid, a);
    }
    return a;
  }

  /** The mask rt_sigreturn would restore in `tid`, as strace prints it. */
  sigreturnText(tid: number, opts: RenderOptions): string | undefined {
    const f = this.frames.get(tid);
    const m = f && f.length ? f[f.length - 1] : this.mask.get(tid) ?? 0n;
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt.asUintN(64, m));
    return sigmaskText(b, 8, { verbosity: opts.consts });
  }

  onSyscallExit(row: SyscallRow, entryMem: StopMemory, _exitMem: StopMemory): void {
    this.pidOf.set(row.tid, row.pid);
    const ret = row.ret;
    if (row.name === 'rt_sigreturn') {
      // Its "return value" is the interrupted code's rax, an errno (-ERESTARTSYS...) as often as not.
      const f = this.frames.get(row.tid);
      if (f && f.length) this.mask.set(row.tid, f.pop()!);
      return;
    }
    if (ret === null || (ret < 0n && ret >= -4095n)) {
      return;
    }
    switch (row.name) {
      case 'rt_sigprocmask': {
        if (!row.a1) return;
        const m = entryMem.get(1);
        if (!m || !m.data || m.data.length < 8) return;
        const set = m.data.readBigUInt64LE(0);
        const cur = this.mask.get(row.tid) ?? 0n;
        const how = Number(row.a0 ?? 0n);
        const next = how === 0 ? cur | set : how === 1 ? cur & ~set : how === 2 ? set : cur;
        this.mask.set(row.tid, next & ~UNBLOCKABLE);
        return;
      }
      case 'rt_sigaction': {
        if (!row.a1) return;
        const m = entryMem.get(1);
        if (!m || !m.data || m.data.length < 32) return;
        this.actionsOf(row.pid).set(Number(row.a0 ?? 0n), {
          handler: m.data.readBigUInt64LE(0),
          flags: m.data.readBigUInt64LE(8),
          mask: m.data.readBigUInt64LE(24),
        });
        return;
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork': {
        const child = Number(ret);
        if (child <= 0) return;
        let flags = row.name === 'clone' ? BigInt.asUintN(64, row.a0 ?? 0n) : 0n;
        if (row.name === 'clone3') {
          const m = entryMem.get(0);
          if (m && m.data && m.data.length >= 8) flags = m.data.readBigUInt64LE(0);
        }
        if (!(flags & 0x10000n)) {
          // A new process: its own copy of the signal actions.
          this.actions.set(child, new Map(this.actions.get(row.pid) ?? []));
          this.pidOf.set(child, child);
        } else {
          this.pidOf.set(child, row.pid);
        }
        if (!this.mask.has(child)) this.mask.set(child, this.mask.get(row.tid) ?? 0n);
        return;
      }
    }
  }

  onClone(parent: number, child: number): void {
    if (!this.mask.has(child)) this.mask.set(child, this.mask.get(parent) ?? 0n);
  }

  onSignal(tid: number, sig: number): void {
    const pid = this.pidOf.get(tid) ?? tid;
    const a = this.actions.get(pid)?.get(sig);
    if (!a || a.handler === 0n || a.handler === 1n) return;
    const cur = this.mask.get(tid) ?? 0n;
    let f = this.frames.get(tid);
    if (!f) {
      f = [];
      this.frames.set(tid, f);
    }
    f.push(cur);
    let next = cur | a.mask;
    if (!(a.flags & SA_NODEFER)) next |= bit(sig);
    this.mask.set(tid, next & ~UNBLOCKABLE);
    if (a.flags & SA_RESETHAND) this.actions.get(pid)?.delete(sig);
  }

  onExec(tid: number, former: number): void {
    if (former !== tid) {
      const m = this.mask.get(former);
      if (m !== undefined) this.mask.set(tid, m);
      this.mask.delete(former);
    }
    this.frames.delete(tid);
    const pid = this.pidOf.get(tid) ?? tid;
    const a = this.actions.get(pid);
    if (a) for (const [sig, act] of a) if (act.handler !== 1n) a.delete(sig);
  }

  onThreadExit(tid: number): void {
    this.mask.delete(tid);
    this.frames.delete(tid);
  }
}

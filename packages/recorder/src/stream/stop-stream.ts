// The binary stream the tracer thread hands to the writer: records back to back,
import type { StopKindName } from '@tracedb/native';
// little-endian, in the order the stops happened. One ArrayBuffer per batch.

export const RecordType = { Stop: 1, Memory: 2, Thread: 3, Auxv: 4, Maps: 5, FdName: 6, TscRead: 7, AtRandom: 8, MappedFile: 9, CpuidRead: 10, SignalDelivery: 11, Comm: 12, FdDetail: 13 } as const;

export const StopKind = { SyscallEntry: 1, SyscallExit: 2, Signal: 3, GroupStop: 4, Event: 5, Exit: 6 } as const;
export type StopKind = (typeof StopKind)[keyof typeof StopKind];

export const stopKindNames: Readonly<Record<number, StopKindName>> = {
  1: 'syscall-entry',
  2: 'syscall-exit',
  3: 'signal',
  4: 'group-stop',
  5: 'event',
  6: 'exit',
};

/** PTRACE_EVENT_* codes as the `event` column names them. */
export const ptraceEventNames: Readonly<Record<number, string>> = {
  1: 'fork',
  2: 'vfork',
  3: 'clone',
  4: 'exec',
  5: 'vfork-done',
  6: 'exit',
  7: 'seccomp',
  128: 'stop',
  // --replayable's own stops (no PTRACE_EVENT has these numbers): see tracer/serial-schedule.ts
  200: 'preempt',
  201: 'signal-held',
};

/** The `event` codes of the stops --replayable's schedule makes (the stream's event byte). */
export const ScheduleEvent = { Preempt: 200, SignalHeld: 201 } as const;

/** I386: a syscall stop of an i386 call (int $0x80): its number and arguments are the i386 ABI's. */
export const StopFlag = { Regs: 1, Siginfo: 2, I386: 4 } as const;
export const MemFlag = { Truncated: 1, Unreadable: 2 } as const;

/** Stop record: type u8, kind u8, flags u8, event u8, pid i32, tid i32, nr i32, sig i32,
 *  status i32, ts f64 (ns since the recording started), eventMsg f64, stime f64 (the thread
 *  group's system CPU time in ns as wait4 reported it with the stop; -1: not known), then regs,
 *  then siginfo. */
export const STOP_HEADER = 48;
/** Memory record: type u8, arg u8, flags u8, pad u8, part u32, addr f64, size f64, len u32, then len bytes. */
export const MEM_HEADER = 28;
/** Thread record: type u8, pad ×3, tid i32, pid i32, ppid i32. */
export const THREAD_SIZE = 16;
/** Auxv/Maps/FdName/AtRandom/MappedFile/Comm/FdDetail record: type u8, pad ×3, pid i32 (FdName, FdDetail: the fd), len u32, then len bytes (Maps: file names, each ended by NUL; FdDetail: a JSON line, then the sock_diag message). */
export const BLOB_HEADER = 12;
/** TscRead record (--replayable: the value given to the rdtsc/rdtscp of the stop before): type u8, has aux u8, pad ×2, aux u32, tsc u64. */
export const TSC_SIZE = 16;
/** CpuidRead record (--replayable: what the trapped cpuid of the stop before was given): type u8, pad ×3, leaf u32, subleaf u32, eax, ebx, ecx, edx u32. */
export const CPUID_SIZE = 28;
/** SignalDelivery record (--replayable: the signal stop just encoded delivers a held signal): type u8, async u8, pad ×2, sig i32. */
export const DELIVERY_SIZE = 8;

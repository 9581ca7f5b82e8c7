// The i386 multiplexers: socketcall(call, args) and ipc(call, first, second, third, ptr, fifth).
// strace prints the subcall they stand for, under its own name (linux/i386/syscallent.h's
// SYS_socket_subcall and SYS_ipc_subcall entries).

import type { SyscallClass, SyscallDef } from '../../syscall-def.js';

/**
 * socketcall's calls (linux/net.h SYS_*): the subcall's name and how many 32-bit longs its
 * argument array holds. send, recv and accept have no syscall of their own on i386.
 */
export const socketSubcalls: Readonly<Record<number, { readonly name: string; readonly nargs: number }>> = {
  1: { name: 'socket', nargs: 3 },
  2: { name: 'bind', nargs: 3 },
  3: { name: 'connect', nargs: 3 },
  4: { name: 'listen', nargs: 2 },
  5: { name: 'accept', nargs: 3 },
  6: { name: 'getsockname', nargs: 3 },
  7: { name: 'getpeername', nargs: 3 },
  8: { name: 'socketpair', nargs: 4 },
  9: { name: 'send', nargs: 4 },
  10: { name: 'recv', nargs: 4 },
  11: { name: 'sendto', nargs: 6 },
  12: { name: 'recvfrom', nargs: 6 },
  13: { name: 'shutdown', nargs: 2 },
  14: { name: 'setsockopt', nargs: 5 },
  15: { name: 'getsockopt', nargs: 5 },
  16: { name: 'sendmsg', nargs: 3 },
  17: { name: 'recvmsg', nargs: 3 },
  18: { name: 'accept4', nargs: 4 },
  19: { name: 'recvmmsg', nargs: 5 },
  20: { name: 'sendmmsg', nargs: 4 },
};

/** The recording stores the memory of socketcall's subcall argument k as argument SUBCALL_ARG + k. */
export const SUBCALL_ARG = 6;

/** socketcall's subcalls without an i386 syscall of their own are captured as this one (its first arguments are theirs). */
export const socketSubcallCapturedAs: Readonly<Record<string, string>> = { send: 'sendto', recv: 'recvfrom', accept: 'accept4' };

/** ipc's calls (linux/ipc.h), by the low 16 bits of its first argument (the high ones are a version). */
export const ipcSubcalls: Readonly<Record<number, string>> = {
  1: 'semop',
  2: 'semget',
  3: 'semctl',
  4: 'semtimedop',
  11: 'msgsnd',
  12: 'msgrcv',
  13: 'msgget',
  14: 'msgctl',
  21: 'shmat',
  22: 'shmdt',
  23: 'shmget',
  24: 'shmctl',
};

/** ipc's subcalls' argument counts, as strace prints them (with -e raw=: ipc's arguments after the first). */
const ipcNargs: Readonly<Record<string, number>> = {
  semop: 4, semget: 3, semctl: 4, semtimedop: 5, msgsnd: 4, msgrcv: 5, msgget: 2, msgctl: 4, shmat: 4, shmdt: 4, shmget: 3, shmctl: 4,
};

/** Where the subcalls' own numbers start (strace's SYS_socket_subcall and SYS_ipc_subcall), above the i386 table. */
export const SOCKET_SUBCALL_NR = 0x10000;
export const IPC_SUBCALL_NR = 0x10100;

/**
 * The subcalls as entries of their own, numbered SOCKET_SUBCALL_NR + call and IPC_SUBCALL_NR +
 * call (never a recorded number): -e trace=connect selects socketcall(SYS_CONNECT) as strace
 * does, and %network and %ipc take them in. Classes are those of the direct syscall of the
 * same name, when i386 has one.
 */
export function i386SubcallDefs(table: readonly SyscallDef[]): SyscallDef[] {
  const classes = new Map(table.map((d) => [d.name, d.classes]));
  const def = (nr: number, name: string, nargs: number, dflt: SyscallClass): SyscallDef => ({ nr, name, nargs, args: [], classes: classes.get(name) ?? [dflt] });
  return [
    ...Object.entries(socketSubcalls).map(([call, s]) => def(SOCKET_SUBCALL_NR + Number(call), s.name, s.nargs, 'network')),
    ...Object.entries(ipcSubcalls).map(([call, name]) => def(IPC_SUBCALL_NR + Number(call), name, ipcNargs[name], 'ipc')),
  ];
}

/** The subcall number of an i386 socketcall (102) or ipc (117) row, by its first argument; undefined for any other call. */
export function i386SubcallNr(nr: number, a0: bigint | number | null): number | undefined {
  if (a0 === null) return undefined;
  const call = Number(BigInt.asUintN(32, BigInt(a0)));
  if (nr === 102 && socketSubcalls[call] !== undefined) return SOCKET_SUBCALL_NR + call;
  if (nr === 117 && ipcSubcalls[call & 0xffff] !== undefined) return IPC_SUBCALL_NR + (call & 0xffff);
  return undefined;
}

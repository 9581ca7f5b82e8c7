// The i386 multiplexers: socketcall(call, args) and ipc(call, first, second, third, ptr, fifth).
// strace prints the subcall they stand for, under its own name (linux/i386/syscallent.h's
// SYS_socket_subcall and SYS_ipc_subcall entries).

/**
 * socketcall's calls (linux/net.h SYS_*): the subcall's name and how many 32-bit longs its
 * argument array holds. send and recv have no syscall of their own on i386.
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

/** socketcall's subcalls without a syscall of their own are captured as this one. */
export const socketSubcallCapturedAs: Readonly<Record<string, string>> = { send: 'sendto', recv: 'recvfrom' };

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

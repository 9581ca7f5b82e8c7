// i386 ipc(call, first, second, third, ptr, fifth): strace prints the System V IPC call it
// stands for (semget, msgsnd, shmat...) with ipc's arguments after the first (ipc_sem.c,
// ipc_msg.c, ipc_shm.c, for an indirect call).

import { IPC_SUBCALL_NR, ipcSubcalls } from '@tracedb/native';
import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import { ptr, raw } from './decoded.js';
import { decodeSubcall, subcall } from './subcall.js';
import { printargs } from './sys-other.js';
import { ipcCtl, ipcGetFlags, ipcKey, msgbuf, msgFlags, sembufs, shmFlags, shmGetFlags, ipcTables } from './sysv-ipc-decoders.js';

/** The subcalls, with ipc's arguments after the first: 0 first, 1 second, 2 third, 3 ptr, 4 fifth. */
const subcalls: Readonly<Record<string, SyscallDecoder>> = {
  semget: (c) => atEntry([ipcKey(c, c.int(0)), c.sdec(c.int(1)), ipcGetFlags(c, c.int(2))]),
  msgget: (c) => atEntry([ipcKey(c, c.int(0)), ipcGetFlags(c, c.int(1))]),
  shmget: (c) => atEntry([ipcKey(c, c.int(0)), c.udec(c.uint(1)), shmGetFlags(c, c.int(2))]),
  semop: (c) => atEntry([c.sdec(c.int(0)), sembufs(c, 3, c.uint(1)), c.udec(c.uint(1))]),
  semctl: (c) => {
    // printnum_ptr: the union semun's pointer, as the caller passed it
    const b = c.umove('entry', 3, 4);
    const arg = Buffer.isBuffer(b) ? raw(`[${b.readUInt32LE(0) === 0 ? 'NULL' : `0x${b.readUInt32LE(0).toString(16)}`}]`) : b;
    return atEntry([c.sdec(c.int(0)), c.sdec(c.int(1)), ipcCtl(c, c.int(2), ipcTables.semctl, 'SEM_???'), arg]);
  },
  msgsnd: (c) => atEntry([c.sdec(c.int(0)), msgbuf(c, 'entry', 3, BigInt(c.uint(1))), c.udec(c.uint(1)), msgFlags(c, BigInt(c.uint(2)))]),
  // the kludge {msgp, msgtyp} and the message are not read: the call's arguments as strace prints them when it fails
  msgrcv: (c) => split([c.sdec(c.int(0))], [ptr(c.u[3]), c.udec(c.uint(1)), msgFlags(c, BigInt(c.uint(2)))]),
  msgctl: (c) => atEntry([c.sdec(c.int(0)), ipcCtl(c, c.int(1), ipcTables.msgctl, 'MSG_???'), ptr(c.u[3])]),
  shmat: (c) => atEntry([c.sdec(c.int(0)), ptr(c.u[3]), shmFlags(c, BigInt(c.uint(1)))], 'x'),
  shmdt: (c) => atEntry([ptr(c.u[3])]),
  shmctl: (c) => atEntry([c.sdec(c.int(0)), ipcCtl(c, c.int(1), ipcTables.shmctl, 'SHM_???'), ptr(c.u[3])]),
};

export function ipcDecoder(c: Ctx): CallDecoded {
  const call = c.uint(0) & 0xffff;
  const version = c.uint(0) >>> 16;
  const name = ipcSubcalls[call];
  const dec = name === undefined ? undefined : c.opts.raw ? printargs : subcalls[name];
  if (name === undefined || dec === undefined) {
    if (c.opts.raw) return printargs(c);
    return atEntry([raw(`${version ? `${version}<<16|` : ''}${call}`), ...[1, 2, 3, 4, 5].map((i) => c.hex(c.u[i]))]);
  }
  return decodeSubcall(c, subcall(c.row, c.entryMem, c.exitMem, name, IPC_SUBCALL_NR + call, c.u.slice(1), 1), dec);
}

// i386 ipc(call, first, second, third, ptr, fifth): strace prints the System V IPC call it
// stands for (semget, msgsnd, shmat...) with ipc's arguments after the first (ipc_sem.c,
// ipc_msg.c, ipc_shm.c, for an indirect call).

import { IPC_SUBCALL_NR, ipcSubcalls } from '@tracedb/native';
import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw, struct } from './decoded.js';
import { printstrEx } from './quote.js';
import { decodeSubcall, subcall } from './subcall.js';
import { printargs } from './sys-other.js';
import type { XlatTable } from './xlat.js';
import { xflags, xlatTable, xval } from './xlat.js';

const IPC_64 = 0x100;
const t = (entries: [number, string][]): XlatTable => xlatTable(entries);
const ipcCmds: [number, string][] = [[0, 'IPC_RMID'], [1, 'IPC_SET'], [2, 'IPC_STAT'], [3, 'IPC_INFO']];
const semCmds = t([...ipcCmds, [11, 'GETPID'], [12, 'GETVAL'], [13, 'GETALL'], [14, 'GETNCNT'], [15, 'GETZCNT'], [16, 'SETVAL'], [17, 'SETALL'], [18, 'SEM_STAT'], [19, 'SEM_INFO'], [20, 'SEM_STAT_ANY']]);
const msgCmds = t([...ipcCmds, [11, 'MSG_STAT'], [12, 'MSG_INFO'], [13, 'MSG_STAT_ANY']]);
const shmCmds = t([...ipcCmds, [11, 'SHM_LOCK'], [12, 'SHM_UNLOCK'], [13, 'SHM_STAT'], [14, 'SHM_INFO'], [15, 'SHM_STAT_ANY']]);
const resourceFlags = t([[0o1000, 'IPC_CREAT'], [0o2000, 'IPC_EXCL'], [0o4000, 'IPC_NOWAIT']]);
const shmResourceFlags = t([[0o1000, 'IPC_CREAT'], [0o2000, 'IPC_EXCL'], [0o4000, 'SHM_HUGETLB'], [0o10000, 'SHM_NORESERVE']]);
const msgFlags = t([[0o4000, 'IPC_NOWAIT'], [0o10000, 'MSG_NOERROR'], [0o20000, 'MSG_EXCEPT'], [0o40000, 'MSG_COPY']]);
const semopFlags = t([[0o4000, 'IPC_NOWAIT'], [0o10000, 'SEM_UNDO']]);
const shmFlags = t([[0o10000, 'SHM_RDONLY'], [0o20000, 'SHM_RND'], [0o40000, 'SHM_REMAP'], [0o100000, 'SHM_EXEC']]);

/** IPC_PRIVATE or the key in hex. */
const key = (c: Ctx): Decoded => (c.uint(0) === 0 ? raw('IPC_PRIVATE') : c.hex(c.uint(0)));

/** The flags of a *get call: the known flags, then the mode in octal (%#03o). */
function getFlags(c: Ctx, v: number, table: XlatTable): Decoded {
  const mode = v & 0o777;
  const flags = v & ~0o777;
  const m = mode === 0 ? '000' : '0' + mode.toString(8).padStart(2, '0');
  if (flags === 0) return raw(m);
  return raw(`${(xflags(BigInt(flags >>> 0), null, c.style, table) as { text: string }).text}|${m}`);
}

/** PRINTCTL: IPC_64|, then the command. */
function ctl(c: Ctx, v: number, table: XlatTable, dflt: string): Decoded {
  const cmd = v & ~IPC_64;
  const x = xval(BigInt(cmd >>> 0), dflt, c.style, table) as { text: string };
  return raw(`${v & IPC_64 ? 'IPC_64|' : ''}${x.text}`);
}

/** struct sembuf[n] at argument i (6 bytes each). */
function sembufs(c: Ctx, i: number, n: number): Decoded {
  const b = c.umove('entry', i, n * 6);
  if (!Buffer.isBuffer(b)) return b;
  const items: Decoded[] = [];
  for (let k = 0; k < n && k < c.opts.stringLimit; k++) {
    const o = k * 6;
    items.push(struct([['sem_num', c.udec(b.readUInt16LE(o))], ['sem_op', c.sdec(b.readInt16LE(o + 2))], ['sem_flg', xflags(BigInt(b.readUInt16LE(o + 4)), 'SEM_???', c.style, semopFlags)]]));
  }
  return array(items, n > c.opts.stringLimit);
}

/** struct msgbuf: a long mtype, then `size` bytes of mtext. */
function msgbuf(c: Ctx, i: number, size: number): Decoded {
  const b = c.umove('entry', i, 4);
  if (!Buffer.isBuffer(b)) return b;
  const text = printstrEx(b.subarray(4), BigInt(size), 0, c.opts.stringLimit, c.opts.hex);
  return struct([['mtype', c.sdec(b.readInt32LE(0))], ['mtext', text === null ? ptr(c.u[i] + 4n) : raw(text)]]);
}

/** The subcalls, with ipc's arguments after the first: 0 first, 1 second, 2 third, 3 ptr, 4 fifth. */
const subcalls: Readonly<Record<string, SyscallDecoder>> = {
  semget: (c) => atEntry([key(c), c.sdec(c.int(1)), getFlags(c, c.int(2), resourceFlags)]),
  msgget: (c) => atEntry([key(c), getFlags(c, c.int(1), resourceFlags)]),
  shmget: (c) => atEntry([key(c), c.udec(c.uint(1)), getFlags(c, c.int(2), shmResourceFlags)]),
  semop: (c) => atEntry([c.sdec(c.int(0)), sembufs(c, 3, c.uint(1)), c.udec(c.uint(1))]),
  semctl: (c) => {
    // printnum_ptr: the union semun's pointer, as the caller passed it
    const b = c.umove('entry', 3, 4);
    const arg = Buffer.isBuffer(b) ? raw(`[${b.readUInt32LE(0) === 0 ? 'NULL' : `0x${b.readUInt32LE(0).toString(16)}`}]`) : b;
    return atEntry([c.sdec(c.int(0)), c.sdec(c.int(1)), ctl(c, c.int(2), semCmds, 'SEM_???'), arg]);
  },
  msgsnd: (c) => atEntry([c.sdec(c.int(0)), msgbuf(c, 3, c.uint(1)), c.udec(c.uint(1)), xflags(BigInt(c.uint(2)), 'MSG_???', c.style, msgFlags)]),
  // the kludge {msgp, msgtyp} and the message are not read: the call's arguments as strace prints them when it fails
  msgrcv: (c) => split([c.sdec(c.int(0))], [ptr(c.u[3]), c.udec(c.uint(1)), xflags(BigInt(c.uint(2)), 'MSG_???', c.style, msgFlags)]),
  msgctl: (c) => atEntry([c.sdec(c.int(0)), ctl(c, c.int(1), msgCmds, 'MSG_???'), ptr(c.u[3])]),
  shmat: (c) => atEntry([c.sdec(c.int(0)), ptr(c.u[3]), xflags(BigInt(c.uint(1)), 'SHM_???', c.style, shmFlags)], 'x'),
  shmdt: (c) => atEntry([ptr(c.u[3])]),
  shmctl: (c) => atEntry([c.sdec(c.int(0)), ctl(c, c.int(1), shmCmds, 'SHM_???'), ptr(c.u[3])]),
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

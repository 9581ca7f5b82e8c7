// System V IPC (strace: ipc_shm.c, ipc_shmctl.c, ipc_sem.c, ipc_semctl.c, ipc_msg.c,
// ipc_msgctl.c, print_msgbuf.c): shmget, shmat, shmctl, shmdt, semget, semop, semtimedop,
// semctl, msgget, msgsnd, msgrcv, msgctl. The printers of the arguments are shared with i386's
// ipc() multiplexer (ipc-decoder.ts), which passes them its own argument positions.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { format, ptr, raw, struct } from './decoded.js';
import { printstrEx } from './quote.js';
import { idVal, timespecArg } from './structs.js';
import { umode } from './sys-fs.js';
import { printArray } from './sys-other.js';
import type { XlatTable } from './xlat.js';
import { sprintflagsEx, sprintxval, xflags, xlatTable, xval } from './xlat.js';

const IPC_64 = 0x100;
const ipcCmds: [number, string][] = [[0, 'IPC_RMID'], [1, 'IPC_SET'], [2, 'IPC_STAT'], [3, 'IPC_INFO']];
export const ipcTables = {
  ipc_private: xlatTable([[0, 'IPC_PRIVATE']]),
  ipc_64: xlatTable([[IPC_64, 'IPC_64']]),
  semctl: xlatTable([...ipcCmds, [11, 'GETPID'], [12, 'GETVAL'], [13, 'GETALL'], [14, 'GETNCNT'], [15, 'GETZCNT'], [16, 'SETVAL'], [17, 'SETALL'], [18, 'SEM_STAT'], [19, 'SEM_INFO'], [20, 'SEM_STAT_ANY']]),
  msgctl: xlatTable([...ipcCmds, [11, 'MSG_STAT'], [12, 'MSG_INFO'], [13, 'MSG_STAT_ANY']]),
  shmctl: xlatTable([...ipcCmds, [11, 'SHM_LOCK'], [12, 'SHM_UNLOCK'], [13, 'SHM_STAT'], [14, 'SHM_INFO'], [15, 'SHM_STAT_ANY']]),
  resource: xlatTable([[0o1000, 'IPC_CREAT'], [0o2000, 'IPC_EXCL'], [0o4000, 'IPC_NOWAIT']]),
  shm_resource: xlatTable([[0o1000, 'IPC_CREAT'], [0o2000, 'IPC_EXCL'], [0o4000, 'SHM_HUGETLB'], [0o10000, 'SHM_NORESERVE']]),
  msg: xlatTable([[0o10000, 'MSG_NOERROR'], [0o20000, 'MSG_EXCEPT'], [0o40000, 'MSG_COPY'], [0o4000, 'IPC_NOWAIT']]),
  semop: xlatTable([[0o4000, 'IPC_NOWAIT'], [0o10000, 'SEM_UNDO']]),
  shm: xlatTable([[0o10000, 'SHM_RDONLY'], [0o20000, 'SHM_RND'], [0o40000, 'SHM_REMAP'], [0o100000, 'SHM_EXEC']]),
};

const SHM_HUGE_SHIFT = 26;
const SHM_HUGE_MASK = 0x3f << SHM_HUGE_SHIFT;

const umodeText = (m: number | bigint): string => format(umode(m));

/** IPC_PRIVATE or the key in hex. */
export const ipcKey = (c: Ctx, v: number): Decoded => xval(BigInt(v >>> 0), null, c.style, ipcTables.ipc_private);

/** The flags of a *get call: the known flags, then the mode in octal. */
export function ipcGetFlags(c: Ctx, v: number, table: XlatTable = ipcTables.resource): Decoded {
  const flags = (v & ~0o777) >>> 0;
  if (flags === 0) return raw(umodeText(v & 0o777));
  return raw(`${sprintflagsEx(BigInt(flags), null, c.style, table).text}|${umodeText(v & 0o777)}`);
}

/** shmget's flags: a hugetlb page size goes in as N<<SHM_HUGE_SHIFT. */
export function shmGetFlags(c: Ctx, v: number): Decoded {
  const huge = (v & SHM_HUGE_MASK) >>> 0;
  const flags = (v & ~0o777 & ~SHM_HUGE_MASK) >>> 0;
  const parts: string[] = [];
  if (flags || !huge) {
    const f = sprintflagsEx(BigInt(flags), null, c.style, ipcTables.shm_resource).text;
    if (f) parts.push(f);
  }
  if (huge) parts.push(`${huge >>> SHM_HUGE_SHIFT}<<${sprintxval(BigInt(SHM_HUGE_SHIFT), null, { ...c.style, format: 'u' }, xlatTable([[SHM_HUGE_SHIFT, 'SHM_HUGE_SHIFT']])).text}`);
  parts.push(umodeText(v & 0o777));
  return raw(parts.join('|'));
}

/** PRINTCTL: IPC_64|, then the command. */
export function ipcCtl(c: Ctx, v: number, table: XlatTable, dflt: string): Decoded {
  const pre = v & IPC_64 ? `${sprintxval(BigInt(IPC_64), null, c.style, ipcTables.ipc_64).text}|` : '';
  return raw(pre + sprintxval(BigInt((v & ~IPC_64) >>> 0), dflt, c.style, table).text);
}

/** struct sembuf[n] at argument i (6 bytes each). */
export function sembufs(c: Ctx, i: number, n: number): Decoded {
  return printArray(c, 'entry', i, BigInt(n), 6, (b, o) =>
    struct([['sem_num', c.udec(b.readUInt16LE(o))], ['sem_op', c.sdec(b.readInt16LE(o + 2))], ['sem_flg', xflags(BigInt(b.readUInt16LE(o + 4)), 'SEM_???', c.style, ipcTables.semop)]]),
  );
}

/** struct msgbuf at argument i: a long mtype, then `size` bytes of mtext. */
export function msgbuf(c: Ctx, phase: Phase, i: number, size: bigint): Decoded {
  const b = c.umove(phase, i, c.word);
  if (!isBuffer(b)) return b;
  const mtype = c.word === 8 ? b.readBigInt64LE(0) : BigInt(b.readInt32LE(0));
  const text = printstrEx(b.subarray(c.word), size, 0, c.opts.stringLimit, c.opts.hex);
  return struct([['mtype', c.sdec(mtype)], ['mtext', text === null ? ptr(c.u[i] + BigInt(c.word)) : raw(text)]]);
}

export const msgFlags = (c: Ctx, v: bigint): Decoded => xflags(v, 'MSG_???', c.style, ipcTables.msg);
export const shmFlags = (c: Ctx, v: bigint): Decoded => xflags(v, 'SHM_???', c.style, ipcTables.shm);

// ---- the *_ds structures (x86_64's struct ipc64_perm and *id64_ds) ----

type Field = readonly [name: string, print: (b: Buffer) => Decoded];
const u64 = (off: number) => (b: Buffer): Decoded => ({ kind: 'int', value: b.readBigUInt64LE(off), text: b.readBigUInt64LE(off).toString() });
const u32 = (off: number) => (b: Buffer): Decoded => ({ kind: 'int', value: BigInt(b.readUInt32LE(off)), text: String(b.readUInt32LE(off)) });
const u16 = (off: number) => (b: Buffer): Decoded => ({ kind: 'int', value: BigInt(b.readUInt16LE(off)), text: String(b.readUInt16LE(off)) });
const s32 = (off: number) => (b: Buffer): Decoded => ({ kind: 'int', value: BigInt(b.readInt32LE(off)), text: String(b.readInt32LE(off)) });
/** A pid strace 6.1 names under -Y (shm_cpid, shm_lpid; msg_lspid and msg_lrpid it prints as numbers). */
const tgid = (off: number) => (b: Buffer, c: Ctx): Decoded => c.pid(b.readInt32LE(off));
const fields = (b: Buffer, fs: readonly Field[]): [string, Decoded][] => fs.map(([n, p]) => [n, p(b)]);

/** struct ipc64_perm: IPC_SET passes only the owner and the mode. */
function ipcPerm(b: Buffer, set: boolean): Decoded {
  const f: [string, Decoded][] = [['uid', idVal(b.readUInt32LE(4))], ['gid', idVal(b.readUInt32LE(8))], ['mode', umode(b.readUInt32LE(20))]];
  if (!set) f.push(['key', u32(0)(b)], ['cuid', idVal(b.readUInt32LE(12))], ['cgid', idVal(b.readUInt32LE(16))]);
  return struct(f);
}

interface DsLayout {
  readonly size: number;
  readonly perm: string;
  /** The fields after the permissions, and which of them IPC_SET passes. */
  readonly fields: readonly (readonly [name: string, print: (b: Buffer, c: Ctx) => Decoded, onSet: boolean])[];
}

const shmidDs: DsLayout = {
  size: 112,
  perm: 'shm_perm',
  fields: [['shm_segsz', u64(48), false], ['shm_cpid', tgid(80), false], ['shm_lpid', tgid(84), false], ['shm_nattch', u64(88), false],
    ['shm_atime', u64(56), false], ['shm_dtime', u64(64), false], ['shm_ctime', u64(72), false]],
};
const semidDs: DsLayout = { size: 104, perm: 'sem_perm', fields: [['sem_otime', u64(48), false], ['sem_ctime', u64(64), false], ['sem_nsems', u64(80), false]] };
const msqidDs: DsLayout = {
  size: 120,
  perm: 'msg_perm',
  fields: [['msg_stime', u64(48), false], ['msg_rtime', u64(56), false], ['msg_ctime', u64(64), false], ['msg_qnum', u64(80), false],
    ['msg_qbytes', u64(88), true], ['msg_lspid', s32(96), false], ['msg_lrpid', s32(100), false]],
};

const shminfo = { size: 72, fields: ['shmmax', 'shmmin', 'shmmni', 'shmseg', 'shmall'].map((n, k): Field => [n, u64(k * 8)]) };
const shmInfo = { size: 48, fields: [['used_ids', s32(0)], ...['shm_tot', 'shm_rss', 'shm_swp', 'swap_attempts', 'swap_successes'].map((n, k): Field => [n, u64(8 + k * 8)])] as Field[] };
const seminfo = { size: 40, fields: ['semmap', 'semmni', 'semmns', 'semmnu', 'semmsl', 'semopm', 'semume', 'semusz', 'semvmx', 'semaem'].map((n, k): Field => [n, s32(k * 4)]) };
const msginfo = { size: 32, fields: [...['msgpool', 'msgmap', 'msgmax', 'msgmnb', 'msgmni', 'msgssz', 'msgtql'].map((n, k): Field => [n, s32(k * 4)]), ['msgseg', u16(28)]] as Field[] };

function ds(c: Ctx, phase: Phase, i: number, l: DsLayout, set: boolean): Decoded {
  const b = c.umove(phase, i, l.size);
  if (!isBuffer(b)) return b;
  return struct([[l.perm, ipcPerm(b, set)], ...l.fields.filter((f) => !set || f[2]).map(([n, p]): [string, Decoded] => [n, p(b, c)])]);
}

function info(c: Ctx, i: number, l: { size: number; fields: readonly Field[] }): Decoded {
  const b = c.umove('exit', i, l.size);
  return isBuffer(b) ? struct(fields(b, l.fields)) : b;
}

/** What a *ctl command does with its buffer: IPC_SET's is read at entry, the others' written at exit. */
interface CtlFamily {
  readonly table: XlatTable;
  readonly dflt: string;
  readonly ds: DsLayout;
  /** Commands that fill the *_ds structure, and those that fill the *info structure. */
  readonly stat: readonly number[];
  readonly info: Readonly<Record<number, { size: number; fields: readonly Field[] }>>;
}

const IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3;
const shmctl: CtlFamily = { table: ipcTables.shmctl, dflt: 'SHM_???', ds: shmidDs, stat: [IPC_STAT, 13, 15], info: { [IPC_INFO]: shminfo, 14: shmInfo } };
const semctl: CtlFamily = { table: ipcTables.semctl, dflt: 'SEM_???', ds: semidDs, stat: [IPC_STAT, 18, 20], info: { [IPC_INFO]: seminfo, 19: seminfo } };
const msgctl: CtlFamily = { table: ipcTables.msgctl, dflt: 'MSG_???', ds: msqidDs, stat: [IPC_STAT, 11, 13], info: { [IPC_INFO]: msginfo, 12: msginfo } };

/** A *ctl call: its leading arguments, the command, then the buffer at argument `buf`. */
function ctlCall(c: Ctx, f: CtlFamily, lead: Decoded[], cmdArg: number, buf: number) {
  const v = c.int(cmdArg);
  const cmd = (v & ~IPC_64) >>> 0;
  const args = [...lead, ipcCtl(c, v, f.table, f.dflt)];
  if (cmd === IPC_SET) return atEntry([...args, ds(c, 'entry', buf, f.ds, true)]);
  if (f.stat.includes(cmd)) return split(args, [ds(c, 'exit', buf, f.ds, false)]);
  if (Object.hasOwn(f.info, cmd)) return split(args, [info(c, buf, f.info[cmd])]);
  return atEntry([...args, ptr(c.u[buf])]);
}

export const sysvIpcDecoders: Record<string, SyscallDecoder> = {
  shmget: (c) => atEntry([ipcKey(c, c.int(0)), c.udec(c.u[1]), shmGetFlags(c, c.int(2))]),
  shmat: (c) => atEntry([c.sdec(c.int(0)), ptr(c.u[1]), shmFlags(c, c.u[2] & 0xffffffffn)], 'x'),
  shmdt: (c) => atEntry([ptr(c.u[0])]),
  shmctl: (c) => ctlCall(c, shmctl, [c.sdec(c.int(0))], 1, 2),
  semget: (c) => atEntry([ipcKey(c, c.int(0)), c.sdec(c.int(1)), ipcGetFlags(c, c.int(2))]),
  semop: (c) => atEntry([c.sdec(c.int(0)), sembufs(c, 1, c.uint(2)), c.udec(c.uint(2))]),
  semtimedop: (c) => atEntry([c.sdec(c.int(0)), sembufs(c, 1, c.uint(2)), c.udec(c.uint(2)), timespecArg(c, 'entry', 3)]),
  semctl: (c) => ctlCall(c, semctl, [c.sdec(c.int(0)), c.sdec(c.int(1))], 2, 3),
  msgget: (c) => atEntry([ipcKey(c, c.int(0)), ipcGetFlags(c, c.int(1))]),
  msgsnd: (c) => atEntry([c.sdec(c.int(0)), msgbuf(c, 'entry', 1, c.u[2]), c.udec(c.u[2]), msgFlags(c, c.u[3] & 0xffffffffn)]),
  msgrcv: (c) => split([c.sdec(c.int(0))], [msgbuf(c, 'exit', 1, c.u[2]), c.udec(c.u[2]), c.sdec(c.long(3)), msgFlags(c, c.u[4] & 0xffffffffn)]),
  msgctl: (c) => ctlCall(c, msgctl, [c.sdec(c.int(0))], 1, 2),
};

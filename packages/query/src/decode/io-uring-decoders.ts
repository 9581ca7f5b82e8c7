// io_uring (strace 6.1: io_uring.c): io_uring_setup's params in and out, io_uring_enter's
// flags and sigset, io_uring_register's opcodes and the argument each takes.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, changed, format, ptr, raw, struct } from './decoded.js';
import { arrayItems } from './array-items.js';
import { nonzeroBytes } from './nonzero-bytes.js';
import { sigsetArg } from './signals.js';
import { affinity } from './sys-other.js';
import { xflags, xlatTable, xval } from './xlat.js';

const named = (prefix: string, names: string[]): [number, string][] => names.map((n, k) => [k, `${prefix}${n}`]);
const bits = (prefix: string, names: string[]): [number, string][] => names.map((n, k) => [2 ** k, `${prefix}${n}`]);

// strace 6.1's tables.
const T = {
  uring_setup_flags: xlatTable(
    bits('IORING_SETUP_', [
      'IOPOLL', 'SQPOLL', 'SQ_AFF', 'CQSIZE', 'CLAMP', 'ATTACH_WQ', 'R_DISABLED', 'SUBMIT_ALL', 'COOP_TASKRUN', 'TASKRUN_FLAG', 'SQE128', 'CQE32',
    ]),
  ),
  uring_setup_features: xlatTable(
    bits('IORING_FEAT_', [
      'SINGLE_MMAP', 'NODROP', 'SUBMIT_STABLE', 'RW_CUR_POS', 'CUR_PERSONALITY', 'FAST_POLL', 'POLL_32BITS', 'SQPOLL_NONFIXED', 'EXT_ARG',
      'NATIVE_WORKERS', 'RSRC_TAGS', 'CQE_SKIP', 'LINKED_FILE',
    ]),
  ),
  uring_enter_flags: xlatTable(bits('IORING_ENTER_', ['GETEVENTS', 'SQ_WAKEUP', 'SQ_WAIT', 'EXT_ARG', 'REGISTERED_RING'])),
  uring_register_opcodes: xlatTable(
    named('IORING_', [
      'REGISTER_BUFFERS', 'UNREGISTER_BUFFERS', 'REGISTER_FILES', 'UNREGISTER_FILES', 'REGISTER_EVENTFD', 'UNREGISTER_EVENTFD',
      'REGISTER_FILES_UPDATE', 'REGISTER_EVENTFD_ASYNC', 'REGISTER_PROBE', 'REGISTER_PERSONALITY', 'UNREGISTER_PERSONALITY',
      'REGISTER_RESTRICTIONS', 'REGISTER_ENABLE_RINGS', 'REGISTER_FILES2', 'REGISTER_FILES_UPDATE2', 'REGISTER_BUFFERS2',
      'REGISTER_BUFFERS_UPDATE', 'REGISTER_IOWQ_AFF', 'UNREGISTER_IOWQ_AFF', 'REGISTER_IOWQ_MAX_WORKERS', 'REGISTER_RING_FDS',
      'UNREGISTER_RING_FDS', 'REGISTER_PBUF_RING', 'UNREGISTER_PBUF_RING',
    ]),
  ),
  uring_ops: xlatTable(
    named('IORING_OP_', [
      'NOP', 'READV', 'WRITEV', 'FSYNC', 'READ_FIXED', 'WRITE_FIXED', 'POLL_ADD', 'POLL_REMOVE', 'SYNC_FILE_RANGE', 'SENDMSG', 'RECVMSG',
      'TIMEOUT', 'TIMEOUT_REMOVE', 'ACCEPT', 'ASYNC_CANCEL', 'LINK_TIMEOUT', 'CONNECT', 'FALLOCATE', 'OPENAT', 'CLOSE', 'FILES_UPDATE',
      'STATX', 'READ', 'WRITE', 'FADVISE', 'MADVISE', 'SEND', 'RECV', 'OPENAT2', 'EPOLL_CTL', 'SPLICE', 'PROVIDE_BUFFERS', 'REMOVE_BUFFERS',
      'TEE', 'SHUTDOWN', 'RENAMEAT', 'UNLINKAT', 'MKDIRAT', 'SYMLINKAT', 'LINKAT', 'MSG_RING', 'FSETXATTR', 'SETXATTR', 'FGETXATTR',
      'GETXATTR', 'SOCKET', 'URING_CMD',
    ]),
  ),
  uring_op_flags: xlatTable([[1, 'IO_URING_OP_SUPPORTED']]),
  uring_restriction_opcodes: xlatTable(named('IORING_RESTRICTION_', ['REGISTER_OP', 'SQE_OP', 'SQE_FLAGS_ALLOWED', 'SQE_FLAGS_REQUIRED'])),
  uring_sqe_flags: xlatTable(bits('IOSQE_', ['FIXED_FILE', 'IO_DRAIN', 'IO_LINK', 'IO_HARDLINK', 'ASYNC', 'BUFFER_SELECT', 'CQE_SKIP_SUCCESS'])),
  uring_register_rsrc_flags: xlatTable([[1, 'IORING_RSRC_REGISTER_SPARSE']]),
  uring_iowq_acct: xlatTable(named('IO_WQ_', ['BOUND', 'UNBOUND'])),
  uring_files_update_fds: xlatTable([[-2, 'IORING_REGISTER_FILES_SKIP']]),
};

const hex = (v: bigint | number): Decoded => {
  const x = BigInt(v);
  return { kind: 'int', value: x, text: x === 0n ? '0' : `0x${x.toString(16)}` };
};

/**
 * print_array over captured memory: `n` elements of `size` bytes at `addr`, captured as part
 * `part` of argument `arg` at `phase`; -s limits the count unless -v.
 */
function arrayAt(c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, n: bigint, size: number, fn: (b: Buffer, off: number) => Decoded): Decoded {
  if (addr === 0n) return ptr(0n);
  if (n === 0n) return raw('[]');
  const m = c.structMem(phase, arg, part);
  if (!m || !m.data || m.data.length < size || (phase === 'exit' && c.failed)) return ptr(addr);
  return arrayItems(m.data, addr, Number(n > 0xffffn ? 0xffffn : n), size, c.opts.verbose ? Infinity : c.opts.stringLimit, fn) ?? ptr(addr);
}

/** A local array already in hand (print_local_array): -s limits the count unless -v. */
function localArray(c: Ctx, items: Decoded[], truncated = false): Decoded {
  if (!c.opts.verbose && items.length > c.opts.stringLimit) return array(items.slice(0, c.opts.stringLimit), true);
  return array(items, truncated);
}

/** A struct printed at entry, closed at exit: its text without the closing brace. */
const opened = (fields: [string, Decoded][]): Decoded => raw(format(struct(fields)).slice(0, -1));

const u32s = (b: Buffer, off: number, n: number): number[] => Array.from({ length: n }, (_, k) => b.readUInt32LE(off + k * 4));

function sqOff(b: Buffer, o: number): Decoded {
  const names = ['head', 'tail', 'ring_mask', 'ring_entries', 'flags', 'dropped', 'array'];
  return ringOffsets(b, o, names);
}

function cqOff(b: Buffer, o: number): Decoded {
  return ringOffsets(b, o, ['head', 'tail', 'ring_mask', 'ring_entries', 'overflow', 'cqes', 'flags']);
}

/** struct io_sqring_offsets / io_cqring_offsets: seven u32, then resv1 (u32) and resv2 (u64) when not zero. */
function ringOffsets(b: Buffer, o: number, names: string[]): Decoded {
  const f: [string, Decoded][] = names.map((n, k) => [n, { kind: 'int', value: BigInt(b.readUInt32LE(o + k * 4)), text: String(b.readUInt32LE(o + k * 4)) }]);
  const resv1 = b.readUInt32LE(o + 28);
  const resv2 = b.readBigUInt64LE(o + 32);
  if (resv1) f.push(['resv1', hex(resv1)]);
  if (resv2) f.push(['resv2', hex(resv2)]);
  return struct(f);
}

const PARAMS_SIZE = 120;
const IORING_SETUP_ATTACH_WQ = 0x20;

function ioUringSetup(c: Ctx): CallDecoded {
  const entries = c.udec(c.uint(0));
  const b = c.umove('entry', 1, PARAMS_SIZE);
  if (!isBuffer(b)) return atEntry([entries, b], 'fd');
  const flags = b.readUInt32LE(8);
  const f: [string, Decoded][] = [
    ['flags', xflags(BigInt(flags), 'IORING_SETUP_???', c.style, T.uring_setup_flags)],
    ['sq_thread_cpu', hex(b.readUInt32LE(12))],
    ['sq_thread_idle', c.udec(b.readUInt32LE(16))],
  ];
  if (flags & IORING_SETUP_ATTACH_WQ) f.push(['wq_fd', c.fd(b.readInt32LE(24))]);
  const resv = u32s(b, 28, 3);
  if (resv.some((v) => v !== 0)) f.push(['resv', localArray(c, resv.map(hex))]);
  const out = c.failed || c.ret === null ? undefined : c.mem('exit', 1)?.data;
  let tail = '}';
  if (out && out.length >= PARAMS_SIZE) {
    const g: [string, Decoded][] = [
      ['sq_entries', c.udec(out.readUInt32LE(0))],
      ['cq_entries', c.udec(out.readUInt32LE(4))],
      ['features', xflags(BigInt(out.readUInt32LE(20)), 'IORING_FEAT_???', c.style, T.uring_setup_features)],
      ['sq_off', sqOff(out, 40)],
      ['cq_off', cqOff(out, 80)],
    ];
    tail = `, ${format(struct(g)).slice(1)}`;
  }
  return { args: [entries, opened(f), raw(tail)], exitFrom: 2, decodedAtEntry: false, exitGlued: true, ret: 'fd' };
}

function ioUringEnter(c: Ctx): CallDecoded {
  return atEntry([
    c.fd(c.int(0)),
    c.udec(c.uint(1)),
    c.udec(c.uint(2)),
    xflags(BigInt(c.uint(3)), 'IORING_ENTER_???', c.style, T.uring_enter_flags),
    sigsetArg(c, 'entry', 4, c.u[5]),
    c.udec(c.u[5]),
  ]);
}

// ---- io_uring_register ----

const R = {
  BUFFERS: 0, FILES: 2, EVENTFD: 4, FILES_UPDATE: 6, EVENTFD_ASYNC: 7, PROBE: 8, RESTRICTIONS: 11, FILES2: 13, FILES_UPDATE2: 14, BUFFERS2: 15,
  BUFFERS_UPDATE: 16, IOWQ_AFF: 17, IOWQ_MAX_WORKERS: 19, RING_FDS: 20, UNREGISTER_RING_FDS: 21,
} as const;

const iovec = (c: Ctx) => (b: Buffer, o: number): Decoded => struct([['iov_base', ptr(b.readBigUInt64LE(o))], ['iov_len', c.udec(b.readBigUInt64LE(o + 8))]]);
const fdAt = (c: Ctx) => (b: Buffer, o: number): Decoded => c.fd(b.readInt32LE(o));
/** print_files_update_array_member: IORING_REGISTER_FILES_SKIP and the like by name, descriptors as descriptors. */
const updateFd = (c: Ctx) => (b: Buffer, o: number): Decoded => {
  const fd = b.readInt32LE(o);
  return fd < -1 ? xval(BigInt(fd), null, { ...c.style, format: 'd' }, T.uring_files_update_fds) : c.fd(fd);
};

/** The data and tags arrays of io_uring_rsrc_register / io_uring_rsrc_update2 (parts 1 and 2 of deep-in). */
function rsrcArrays(c: Ctx, op: number, b: Buffer, dataOff: number, tagsOff: number, nr: number): [string, Decoded][] {
  const data = b.readBigUInt64LE(dataOff);
  const tags = b.readBigUInt64LE(tagsOff);
  const n = BigInt(nr);
  const files = op === R.FILES2 || op === R.FILES_UPDATE2;
  const dataArr = files
    ? arrayAt(c, 'entry', 2, 1, data, n, 4, op === R.FILES2 ? fdAt(c) : updateFd(c))
    : arrayAt(c, 'entry', 2, 1, data, n, 16, iovec(c));
  return [
    ['data', dataArr],
    ['tags', arrayAt(c, 'entry', 2, 2, tags, n, 8, (t, o) => hex(t.readBigUInt64LE(o)))],
  ];
}

const RSRC_SIZE = 32;

/** struct io_uring_rsrc_register (FILES2, BUFFERS2), nr_args being its size. */
function rsrcRegister(c: Ctx, op: number): Decoded {
  const size = c.u[3] & 0xffffffffn;
  if (size < BigInt(RSRC_SIZE)) return ptr(c.u[2]);
  const b = c.umove('entry', 2, RSRC_SIZE);
  if (!isBuffer(b)) return b;
  const nr = b.readUInt32LE(0);
  const f: [string, Decoded][] = [['nr', c.udec(nr)], ['flags', xflags(BigInt(b.readUInt32LE(4)), 'IORING_RSRC_REGISTER_???', c.style, T.uring_register_rsrc_flags)]];
  const resv2 = b.readBigUInt64LE(8);
  if (resv2) f.push(['resv2', hex(resv2)]);
  f.push(...rsrcArrays(c, op, b, 16, 24, nr));
  return withTail(c, f, b, size);
}

/** struct io_uring_rsrc_update2 (FILES_UPDATE2, BUFFERS_UPDATE). */
function rsrcUpdate(c: Ctx, op: number): Decoded {
  const size = c.u[3] & 0xffffffffn;
  if (size < BigInt(RSRC_SIZE)) return ptr(c.u[2]);
  const b = c.umove('entry', 2, RSRC_SIZE);
  if (!isBuffer(b)) return b;
  const nr = b.readUInt32LE(24);
  const f: [string, Decoded][] = [['offset', c.udec(b.readUInt32LE(0))]];
  const resv = b.readUInt32LE(4);
  if (resv) f.push(['resv', hex(resv)]);
  f.push(...rsrcArrays(c, op, b, 8, 16, nr), ['nr', c.udec(nr)]);
  const resv2 = b.readUInt32LE(28);
  if (resv2) f.push(['resv2', hex(resv2)]);
  return withTail(c, f, b, size);
}

/** print_nonzero_bytes past the 32 bytes known, for a bigger struct. */
function withTail(c: Ctx, f: [string, Decoded][], b: Buffer, size: bigint): Decoded {
  const tail = nonzeroBytes(c, b, RSRC_SIZE, size);
  return tail === null ? struct(f) : struct([...f, [null, tail]]);
}

/** struct io_uring_files_update {offset, resv, fds} with nr_args descriptors. */
function filesUpdate(c: Ctx): Decoded {
  const b = c.umove('entry', 2, 16);
  if (!isBuffer(b)) return b;
  const f: [string, Decoded][] = [['offset', c.udec(b.readUInt32LE(0))]];
  const resv = b.readUInt32LE(4);
  if (resv) f.push(['resv', hex(resv)]);
  f.push(['fds', arrayAt(c, 'entry', 2, 1, b.readBigUInt64LE(8), BigInt(c.uint(3)), 4, updateFd(c))]);
  return struct(f);
}

function restriction(c: Ctx, b: Buffer, o: number): Decoded {
  const opcode = b.readUInt16LE(o);
  const v = b.readUInt8(o + 2);
  const f: [string, Decoded][] = [];
  const op = xval(BigInt(opcode), 'IORING_RESTRICTION_???', c.style, T.uring_restriction_opcodes);
  const BY_OPCODE: Readonly<Record<number, () => [string, Decoded]>> = {
    0: () => ['register_op', xval(BigInt(v), 'IORING_REGISTER_???', c.style, T.uring_register_opcodes)],
    1: () => ['sqe_op', xval(BigInt(v), 'IORING_OP_???', c.style, T.uring_ops)],
    2: () => ['sqe_flags', xflags(BigInt(v), 'IOSQE_???', c.style, T.uring_sqe_flags)],
    3: () => ['sqe_flags', xflags(BigInt(v), 'IOSQE_???', c.style, T.uring_sqe_flags)],
  };
  if (Object.hasOwn(BY_OPCODE, opcode)) f.push(['opcode', op], BY_OPCODE[opcode]());
  else f.push(['opcode', raw(`${format(op)} /* op: ${format(hex(v))} */`)]);
  const resv = b.readUInt8(o + 3);
  if (resv) f.push(['resv', hex(resv)]);
  const resv2 = u32s(b, o + 4, 3);
  if (resv2.some((x) => x !== 0)) f.push(['resv2', localArray(c, resv2.map(hex))]);
  return struct(f);
}

function ringFd(c: Ctx, unregister: boolean) {
  return (b: Buffer, o: number): Decoded => {
    const offset = b.readUInt32LE(o);
    const f: [string, Decoded][] = [['offset', !unregister && offset === 0xffffffff ? c.sdec(-1) : c.udec(offset)]];
    const resv = b.readUInt32LE(o + 4);
    if (resv) f.push(['resv', hex(resv)]);
    const data = b.readBigUInt64LE(o + 8);
    if (!unregister) f.push(['data', c.fd(Number(BigInt.asIntN(32, data)))]);
    else if (data) f.push(['data', hex(data)]);
    return struct(f);
  };
}

const iowqIndex = (c: Ctx, k: number): string => format(xval(BigInt(k), 'IO_WQ_???', { ...c.style, format: 'u' }, T.uring_iowq_acct));

function maxWorkers(c: Ctx, phase: Phase): Decoded {
  const n = BigInt(c.uint(3));
  return arrayAt(c, phase, 2, 0, c.u[2], n, 4, (b, o) => raw(`[${iowqIndex(c, o / 4)}]=${b.readUInt32LE(o)}`));
}

const PROBE_HEADER = 16;
const PROBE_OP = 8;
const PROBE_MAX_OPS = 256;

function probe(c: Ctx, b: Buffer, nargs: number, phase: Phase): Decoded {
  const lastOp = b.readUInt8(0);
  const opsLen = b.readUInt8(1);
  const f: [string, Decoded][] = [
    ['last_op', xval(BigInt(lastOp), 'IORING_OP_???', { ...c.style, format: 'u' }, T.uring_ops)],
    ['ops_len', c.udec(opsLen)],
  ];
  const resv = b.readUInt16LE(2);
  if (resv) f.push(['resv', hex(resv)]);
  const resv2 = u32s(b, 4, 3);
  if (resv2.some((x) => x !== 0)) f.push(['resv2', localArray(c, resv2.map(hex))]);
  const count = phase === 'entry' ? nargs : Math.min(opsLen, nargs);
  const ops: Decoded[] = [];
  for (let k = 0; k < count && PROBE_HEADER + (k + 1) * PROBE_OP <= b.length; k++) {
    const o = PROBE_HEADER + k * PROBE_OP;
    const g: [string, Decoded][] = [['op', xval(BigInt(b.readUInt8(o)), 'IORING_OP_???', { ...c.style, format: 'u' }, T.uring_ops)]];
    const r = b.readUInt8(o + 1);
    if (r) g.push(['resv', hex(r)]);
    g.push(['flags', xflags(BigInt(b.readUInt16LE(o + 2)), 'IO_URING_OP_???', c.style, T.uring_op_flags)]);
    const r2 = b.readUInt32LE(o + 4);
    if (r2) g.push(['resv2', hex(r2)]);
    ops.push(struct(g));
  }
  f.push(['ops', localArray(c, ops, phase === 'exit' && nargs < opsLen)]);
  return struct(f);
}

/** IORING_REGISTER_PROBE: printed at entry unless all zero, and at exit (after " => " when printed at entry). */
function registerProbe(c: Ctx, head: Decoded[], nr: Decoded): CallDecoded {
  const nargs = c.uint(3);
  if (nargs > PROBE_MAX_OPS) return atEntry([...head, ptr(c.u[2]), nr]);
  const size = PROBE_HEADER + PROBE_OP * nargs;
  const before = c.umove('entry', 2, size);
  if (!isBuffer(before)) return atEntry([...head, before, nr]);
  const after = c.failed || c.ret === null ? null : c.umove('exit', 2, size);
  const afterNode = after !== null && isBuffer(after) ? probe(c, after, nargs, 'exit') : null;
  if (before.subarray(0, size).every((x) => x === 0)) {
    return split(head, [afterNode ?? ptr(c.u[2]), nr]);
  }
  return split(head, [changed(probe(c, before, nargs, 'entry'), afterNode), nr]);
}

/** The argument of each opcode printed at entry (the others print the address). */
const REGISTER_ARGS: Readonly<Record<number, (c: Ctx) => Decoded>> = {
  [R.BUFFERS]: (c) => arrayAt(c, 'entry', 2, 0, c.u[2], BigInt(c.uint(3)), 16, iovec(c)),
  [R.FILES]: (c) => arrayAt(c, 'entry', 2, 0, c.u[2], BigInt(c.uint(3)), 4, fdAt(c)),
  [R.EVENTFD]: (c) => arrayAt(c, 'entry', 2, 0, c.u[2], 1n, 4, fdAt(c)),
  [R.EVENTFD_ASYNC]: (c) => arrayAt(c, 'entry', 2, 0, c.u[2], 1n, 4, fdAt(c)),
  [R.FILES_UPDATE]: filesUpdate,
  [R.RESTRICTIONS]: (c) => arrayAt(c, 'entry', 2, 0, c.u[2], BigInt(c.uint(3)), 16, (b, o) => restriction(c, b, o)),
  [R.FILES2]: (c) => rsrcRegister(c, R.FILES2),
  [R.BUFFERS2]: (c) => rsrcRegister(c, R.BUFFERS2),
  [R.FILES_UPDATE2]: (c) => rsrcUpdate(c, R.FILES_UPDATE2),
  [R.BUFFERS_UPDATE]: (c) => rsrcUpdate(c, R.BUFFERS_UPDATE),
  [R.IOWQ_AFF]: (c) => affinity(c, 'entry', 2, c.u[3] & 0xffffffffn),
  [R.RING_FDS]: (c) => arrayAt(c, 'entry', 2, 0, c.u[2], BigInt(c.uint(3)), 16, ringFd(c, false)),
  [R.UNREGISTER_RING_FDS]: (c) => arrayAt(c, 'entry', 2, 0, c.u[2], BigInt(c.uint(3)), 16, ringFd(c, true)),
};

function ioUringRegister(c: Ctx): CallDecoded {
  const op = c.uint(1);
  const head = [c.fd(c.int(0)), xval(BigInt(op), 'IORING_REGISTER_???', c.style, T.uring_register_opcodes)];
  const nr = c.udec(c.uint(3));
  if (op === R.PROBE) return registerProbe(c, head, nr);
  if (op === R.IOWQ_MAX_WORKERS) {
    const before = maxWorkers(c, 'entry');
    if (before.kind !== 'array') return atEntry([...head, before, nr]);
    const after = c.failed || c.ret === null ? null : maxWorkers(c, 'exit');
    return split(head, [changed(before, after), nr]);
  }
  const arg = Object.hasOwn(REGISTER_ARGS, op) ? REGISTER_ARGS[op](c) : ptr(c.u[2]);
  return atEntry([...head, arg, nr]);
}

export const ioUringDecoders: Record<string, SyscallDecoder> = {
  io_uring_setup: ioUringSetup,
  io_uring_enter: ioUringEnter,
  io_uring_register: ioUringRegister,
};

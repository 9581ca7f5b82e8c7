// bpf (strace 6.1: bpf.c): the command, and the union bpf_attr as each command's struct,
// its fields gated by the size given, its bytes past the struct as extra_data.
// LINK_CREATE's union by attach type, as strace 6.1 guesses it; TASK_FD_QUERY at entry and exit.
// ENABLE_STATS, ITER_CREATE, LINK_DETACH and PROG_BIND_MAP print their attr's address, as
// strace 6.1 does.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { format, ptr, raw, struct, withComment } from './decoded.js';
import { arrayItems } from './array-items.js';
import { bpfCode } from './bpf-filter.js';
import { ifindex } from './ifindex.js';
import { cstringSz } from './print-fields.js';
import { printPath, QUOTE_0_TERMINATED, QUOTE_FORCE_HEX, stringQuote } from './quote.js';
import { xflags, xlatTable, xval } from './xlat.js';

const named = (prefix: string, names: string[]): [number, string][] => names.map((n, k) => [k, `${prefix}${n}`]);

// strace 6.1's tables.
const T = {
  bpf_commands: xlatTable(
    named('BPF_', [
      'MAP_CREATE', 'MAP_LOOKUP_ELEM', 'MAP_UPDATE_ELEM', 'MAP_DELETE_ELEM', 'MAP_GET_NEXT_KEY', 'PROG_LOAD', 'OBJ_PIN', 'OBJ_GET', 'PROG_ATTACH',
      'PROG_DETACH', 'PROG_TEST_RUN', 'PROG_GET_NEXT_ID', 'MAP_GET_NEXT_ID', 'PROG_GET_FD_BY_ID', 'MAP_GET_FD_BY_ID', 'OBJ_GET_INFO_BY_FD',
      'PROG_QUERY', 'RAW_TRACEPOINT_OPEN', 'BTF_LOAD', 'BTF_GET_FD_BY_ID', 'TASK_FD_QUERY', 'MAP_LOOKUP_AND_DELETE_ELEM', 'MAP_FREEZE',
      'BTF_GET_NEXT_ID', 'MAP_LOOKUP_BATCH', 'MAP_LOOKUP_AND_DELETE_BATCH', 'MAP_UPDATE_BATCH', 'MAP_DELETE_BATCH', 'LINK_CREATE',
      'LINK_UPDATE', 'LINK_GET_FD_BY_ID', 'LINK_GET_NEXT_ID', 'ENABLE_STATS', 'ITER_CREATE', 'LINK_DETACH', 'PROG_BIND_MAP',
    ]),
  ),
  bpf_map_types: xlatTable(
    named('BPF_MAP_TYPE_', [
      'UNSPEC', 'HASH', 'ARRAY', 'PROG_ARRAY', 'PERF_EVENT_ARRAY', 'PERCPU_HASH', 'PERCPU_ARRAY', 'STACK_TRACE', 'CGROUP_ARRAY', 'LRU_HASH',
      'LRU_PERCPU_HASH', 'LPM_TRIE', 'ARRAY_OF_MAPS', 'HASH_OF_MAPS', 'DEVMAP', 'SOCKMAP', 'CPUMAP', 'XSKMAP', 'SOCKHASH', 'CGROUP_STORAGE',
      'REUSEPORT_SOCKARRAY', 'PERCPU_CGROUP_STORAGE', 'QUEUE', 'STACK', 'SK_STORAGE', 'DEVMAP_HASH', 'STRUCT_OPS', 'RINGBUF',
      'INODE_STORAGE', 'TASK_STORAGE', 'BLOOM_FILTER', 'USER_RINGBUF',
    ]),
  ),
  bpf_map_flags: xlatTable(
    [
      'NO_PREALLOC', 'NO_COMMON_LRU', 'NUMA_NODE', 'RDONLY', 'WRONLY', 'STACK_BUILD_ID', 'ZERO_SEED', 'RDONLY_PROG', 'WRONLY_PROG', 'CLONE',
      'MMAPABLE', 'PRESERVE_ELEMS', 'INNER_MAP',
    ].map((n, k) => [2 ** k, `BPF_F_${n}`]),
  ),
  bpf_prog_types: xlatTable(
    named('BPF_PROG_TYPE_', [
      'UNSPEC', 'SOCKET_FILTER', 'KPROBE', 'SCHED_CLS', 'SCHED_ACT', 'TRACEPOINT', 'XDP', 'PERF_EVENT', 'CGROUP_SKB', 'CGROUP_SOCK', 'LWT_IN',
      'LWT_OUT', 'LWT_XMIT', 'SOCK_OPS', 'SK_SKB', 'CGROUP_DEVICE', 'SK_MSG', 'RAW_TRACEPOINT', 'CGROUP_SOCK_ADDR', 'LWT_SEG6LOCAL',
      'LIRC_MODE2', 'SK_REUSEPORT', 'FLOW_DISSECTOR', 'CGROUP_SYSCTL', 'RAW_TRACEPOINT_WRITABLE', 'CGROUP_SOCKOPT', 'TRACING', 'STRUCT_OPS',
      'EXT', 'LSM', 'SK_LOOKUP', 'SYSCALL',
    ]),
  ),
  bpf_prog_flags: xlatTable(
    ['STRICT_ALIGNMENT', 'ANY_ALIGNMENT', 'TEST_RND_HI32', 'TEST_STATE_FREQ', 'SLEEPABLE', 'XDP_HAS_FRAGS'].map((n, k) => [2 ** k, `BPF_F_${n}`]),
  ),
  bpf_attach_type: xlatTable(
    named('BPF_', [
      'CGROUP_INET_INGRESS', 'CGROUP_INET_EGRESS', 'CGROUP_INET_SOCK_CREATE', 'CGROUP_SOCK_OPS', 'SK_SKB_STREAM_PARSER',
      'SK_SKB_STREAM_VERDICT', 'CGROUP_DEVICE', 'SK_MSG_VERDICT', 'CGROUP_INET4_BIND', 'CGROUP_INET6_BIND', 'CGROUP_INET4_CONNECT',
      'CGROUP_INET6_CONNECT', 'CGROUP_INET4_POST_BIND', 'CGROUP_INET6_POST_BIND', 'CGROUP_UDP4_SENDMSG', 'CGROUP_UDP6_SENDMSG', 'LIRC_MODE2',
      'FLOW_DISSECTOR', 'CGROUP_SYSCTL', 'CGROUP_UDP4_RECVMSG', 'CGROUP_UDP6_RECVMSG', 'CGROUP_GETSOCKOPT', 'CGROUP_SETSOCKOPT',
      'TRACE_RAW_TP', 'TRACE_FENTRY', 'TRACE_FEXIT', 'MODIFY_RETURN', 'LSM_MAC', 'TRACE_ITER', 'CGROUP_INET4_GETPEERNAME',
      'CGROUP_INET6_GETPEERNAME', 'CGROUP_INET4_GETSOCKNAME', 'CGROUP_INET6_GETSOCKNAME', 'XDP_DEVMAP', 'CGROUP_INET_SOCK_RELEASE',
      'XDP_CPUMAP', 'SK_LOOKUP', 'XDP', 'SK_SKB_VERDICT', 'SK_REUSEPORT_SELECT', 'SK_REUSEPORT_SELECT_OR_MIGRATE', 'PERF_EVENT',
      'TRACE_KPROBE_MULTI', 'LSM_CGROUP',
    ]),
  ),
  bpf_attach_flags: xlatTable([[1, 'BPF_F_ALLOW_OVERRIDE'], [2, 'BPF_F_ALLOW_MULTI'], [4, 'BPF_F_REPLACE']]),
  bpf_link_create_kprobe_multi_flags: xlatTable([[1, 'BPF_F_KPROBE_MULTI_RETURN']]),
  bpf_task_fd_type: xlatTable(named('BPF_FD_TYPE_', ['RAW_TRACEPOINT', 'TRACEPOINT', 'KPROBE', 'KRETPROBE', 'UPROBE', 'URETPROBE'])),
  bpf_file_mode_flags: xlatTable([[8, 'BPF_F_RDONLY'], [16, 'BPF_F_WRONLY']]),
  bpf_query_flags: xlatTable([[1, 'BPF_F_QUERY_EFFECTIVE']]),
  bpf_map_lookup_elem_flags: xlatTable([[0, 'BPF_ANY'], [4, 'BPF_F_LOCK']]),
  bpf_test_run_flags: xlatTable([[1, 'BPF_F_TEST_RUN_ON_CPU'], [2, 'BPF_F_TEST_XDP_LIVE_FRAMES']]),
  bpf_map_update_elem_flags: xlatTable([[0, 'BPF_ANY'], [1, 'BPF_NOEXIST'], [2, 'BPF_EXIST'], [4, 'BPF_F_LOCK']]),
  ebpf_regs: xlatTable(Array.from({ length: 11 }, (_, k): [number, string] => [k, `BPF_REG_${k}`])),
};

const PAGE_SIZE = 4096n;
const BPF_F_NUMA_NODE = 4;
const NUMA_NO_NODE = 0xffffffff;
const BPF_MAXINSNS = 4096;
const BPF_F_REPLACE = 4;
const TASK_FD_QUERY_SIZE = 48;

/** The attr as a command's decoder sees it: the bytes given, zero-filled up to the struct's size. */
interface Attr {
  readonly b: Buffer;
  /** min(size, the struct's size): the fields at or past it were not given. */
  readonly len: number;
}

type Fields = [string, Decoded][];

const hex = (v: bigint | number): Decoded => {
  const x = BigInt(v);
  return { kind: 'int', value: x, text: x === 0n ? '0' : `0x${x.toString(16)}` };
};
const u = (v: bigint | number): Decoded => ({ kind: 'int', value: BigInt(v), text: BigInt(v).toString() });

/** print_kernel_version: KERNEL_VERSION(a, b, c). */
function kernelVersion(c: Ctx, v: number): Decoded {
  const text = `KERNEL_VERSION(${v >>> 16}, ${(v >>> 8) & 0xff}, ${v & 0xff})`;
  if (c.style.verbosity === 'raw') return hex(v);
  return raw(c.style.verbosity === 'verbose' ? `${format0x(v)} /* ${text} */` : text);
}
const format0x = (v: number): string => (v === 0 ? '0' : `0x${(v >>> 0).toString(16)}`);

/** One eBPF instruction: {code, dst_reg, src_reg, off, imm}. */
function insn(c: Ctx, b: Buffer, o: number): Decoded {
  const regs = b.readUInt8(o + 1);
  const reg = (v: number): Decoded => xval(BigInt(v), 'BPF_REG_???', c.style, T.ebpf_regs);
  return struct([
    ['code', raw(bpfCode(b.readUInt8(o), c.style, true))],
    ['dst_reg', reg(regs & 0xf)],
    ['src_reg', reg(regs >> 4)],
    ['off', c.sdec(b.readInt16LE(o + 2))],
    ['imm', hex(b.readUInt32LE(o + 4))],
  ]);
}

/** print_ebpf_prog: the address, or with -v the instructions (part 1 of the capture). */
function ebpfProg(c: Ctx, addr: bigint, count: number): Decoded {
  if (!c.opts.verbose || addr === 0n) return ptr(addr);
  if (count === 0) return raw('[]');
  const m = c.structMem('entry', 1, 1);
  if (!m || !m.data || m.data.length < 8) return ptr(addr);
  return arrayItems(m.data, addr, count, 8, BPF_MAXINSNS, (b, off) => insn(c, b, off)) ?? ptr(addr);
}

/** A field that has a number and a name in a table (PRINT_FIELD_XVAL). */
const xv = (c: Ctx, v: number | bigint, t: Parameters<typeof xval>[3], dflt: string): Decoded => xval(BigInt(v), dflt, c.style, t);
const fl = (c: Ctx, v: number | bigint, t: Parameters<typeof xflags>[3], dflt: string): Decoded => xflags(BigInt(v), dflt, c.style, t);

interface Command {
  /** The size of the command's struct in strace 6.1. */
  readonly size: number;
  readonly fields: (c: Ctx, a: Attr) => Fields;
  readonly ret?: 'fd';
  /** The fields sit in a struct of this name ({info={...}}). */
  readonly wrap?: string;
}

/** Fields `gated` are printed only when the given size reaches their offset. */
function gated(a: Attr, list: readonly (readonly [number, () => Fields])[]): Fields {
  const out: Fields = [];
  for (const [off, f] of list) {
    if (a.len <= off) break;
    out.push(...f());
  }
  return out;
}

const mapFd = (c: Ctx, a: Attr): Fields => [['map_fd', c.fd(a.b.readInt32LE(0))]];
const addr64 = (a: Attr, off: number): Decoded => ptr(a.b.readBigUInt64LE(off));

const mapCreate: Command = {
  size: 72,
  ret: 'fd',
  fields: (c, a) => {
    const b = a.b;
    const flags = b.readUInt32LE(16);
    return [
      ['map_type', xv(c, b.readUInt32LE(0), T.bpf_map_types, 'BPF_MAP_TYPE_???')],
      ['key_size', u(b.readUInt32LE(4))],
      ['value_size', u(b.readUInt32LE(8))],
      ['max_entries', u(b.readUInt32LE(12))],
      ...gated(a, [
        [16, () => [['map_flags', fl(c, flags, T.bpf_map_flags, 'BPF_F_???')]]],
        [20, () => [['inner_map_fd', c.fd(b.readInt32LE(20))]]],
        [24, () => (flags & BPF_F_NUMA_NODE ? [['numa_node', numaNode(c, b.readUInt32LE(24))]] : [])],
        [28, () => [['map_name', cstringSz(c, b, 28, Math.min(16, a.len - 28))]]],
        [44, () => [['map_ifindex', ifindex(c, b.readUInt32LE(44))]]],
        [48, () => [['btf_fd', c.fd(b.readInt32LE(48))], ['btf_key_type_id', u(b.readUInt32LE(52))], ['btf_value_type_id', u(b.readUInt32LE(56))]]],
        [60, () => [['btf_vmlinux_value_type_id', u(b.readUInt32LE(60))]]],
        [64, () => [['map_extra', u(b.readBigUInt64LE(64))]]],
      ] as const),
    ];
  },
};

/** numa_node: a number, with NUMA_NO_NODE named even without -X verbose. */
function numaNode(c: Ctx, v: number): Decoded {
  if (v !== NUMA_NO_NODE || c.style.verbosity === 'raw') return u(v);
  return withComment(u(v), 'NUMA_NO_NODE');
}

const lookupElem: Command = {
  size: 32,
  fields: (c, a) => [
    ...mapFd(c, a),
    ['key', addr64(a, 8)],
    ['value', addr64(a, 16)],
    ...gated(a, [[24, () => [['flags', fl(c, a.b.readBigUInt64LE(24), T.bpf_map_lookup_elem_flags, 'BPF_???')]]]] as const),
  ],
};

const progLoad: Command = {
  size: 128,
  ret: 'fd',
  fields: (c, a) => {
    const b = a.b;
    const licenseAddr = b.readBigUInt64LE(16);
    const logAddr = b.readBigUInt64LE(32);
    return [
      ['prog_type', xv(c, b.readUInt32LE(0), T.bpf_prog_types, 'BPF_PROG_TYPE_???')],
      ['insn_cnt', u(b.readUInt32LE(4))],
      ['insns', ebpfProg(c, b.readBigUInt64LE(8), b.readUInt32LE(4))],
      ['license', c.strPart('entry', 1, 2, licenseAddr, -1n, QUOTE_0_TERMINATED)],
      ...gated(a, [
        [24, () => [
          ['log_level', u(b.readUInt32LE(24))],
          ['log_size', u(b.readUInt32LE(28))],
          ['log_buf', c.strPart('entry', 1, 3, logAddr, BigInt(b.readUInt32LE(28)), QUOTE_0_TERMINATED)],
        ]],
        [40, () => [['kern_version', kernelVersion(c, b.readUInt32LE(40))]]],
        [44, () => [['prog_flags', fl(c, b.readUInt32LE(44), T.bpf_prog_flags, 'BPF_F_???')]]],
        [48, () => [['prog_name', cstringSz(c, b, 48, Math.min(16, a.len - 48))]]],
        [64, () => [['prog_ifindex', ifindex(c, b.readUInt32LE(64))]]],
        [68, () => [['expected_attach_type', xv(c, b.readUInt32LE(68), T.bpf_attach_type, 'BPF_???')]]],
        [72, () => [
          ['prog_btf_fd', c.fd(b.readInt32LE(72))],
          ['func_info_rec_size', u(b.readUInt32LE(76))],
          ['func_info', addr64(a, 80)],
          ['func_info_cnt', u(b.readUInt32LE(88))],
          ['line_info_rec_size', u(b.readUInt32LE(92))],
          ['line_info', addr64(a, 96)],
          ['line_info_cnt', u(b.readUInt32LE(104))],
        ]],
        [108, () => [['attach_btf_id', u(b.readUInt32LE(108))]]],
        [112, () => [['attach_prog_fd', c.fd(b.readInt32LE(112))]]],
        [120, () => [['fd_array', addr64(a, 120)]]],
      ] as const),
    ];
  },
};

const objPin: Command = {
  size: 16,
  ret: 'fd',
  fields: (c, a) => {
    const p = a.b.readBigUInt64LE(0);
    const m = c.structMem('entry', 1, 1);
    const path: Decoded = p === 0n || !m || m.data === null ? ptr(p) : { kind: 'str', bytes: m.data, truncated: m.truncated, text: printPath(m.data, m.truncated, c.opts.hex) };
    return [
      ['pathname', path],
      ['bpf_fd', c.fd(a.b.readInt32LE(8))],
      ...gated(a, [[12, () => [['file_flags', fl(c, a.b.readUInt32LE(12), T.bpf_file_mode_flags, 'BPF_F_???')]]]] as const),
    ];
  },
};

/** GET_NEXT_ID and GET_FD_BY_ID: {<id>, next_id, open_flags}. */
const idCommand = (idName: string, size = 12, ret?: 'fd'): Command => ({
  size,
  ...(ret ? { ret } : {}),
  fields: (c, a) => {
    const f: Fields = [[idName, u(a.b.readUInt32LE(0))]];
    if (size > 4) f.push(['next_id', u(a.b.readUInt32LE(4))], ['open_flags', fl(c, a.b.readUInt32LE(8), T.bpf_file_mode_flags, 'BPF_F_???')]);
    return f;
  },
});

const progTestRun: Command = {
  size: 80,
  wrap: 'test',
  fields: (c, a) => {
    const b = a.b;
    return [
      ['prog_fd', c.fd(b.readInt32LE(0))],
      ['retval', u(b.readUInt32LE(4))],
      ['data_size_in', u(b.readUInt32LE(8))],
      ['data_size_out', u(b.readUInt32LE(12))],
      ['data_in', addr64(a, 16)],
      ['data_out', addr64(a, 24)],
      ['repeat', u(b.readUInt32LE(32))],
      ['duration', u(b.readUInt32LE(36))],
      ...gated(a, [
        [40, () => [['ctx_size_in', u(b.readUInt32LE(40))], ['ctx_size_out', u(b.readUInt32LE(44))], ['ctx_in', addr64(a, 48)], ['ctx_out', addr64(a, 56)]]],
        [64, () => [['flags', fl(c, b.readUInt32LE(64), T.bpf_test_run_flags, 'BPF_F_???')], ['cpu', u(b.readUInt32LE(68))]]],
        [72, () => [['batch_size', u(b.readUInt32LE(72))]]],
      ] as const),
    ];
  },
};

/** The MAP_*_BATCH commands: {in_batch, out_batch, keys, values, count, map_fd, elem_flags, flags}, each with the fields it uses. */
const batch = (fields: readonly ('in_batch' | 'out_batch' | 'keys' | 'values')[]): Command => ({
  size: 56,
  wrap: 'batch',
  fields: (c, a) => {
    const off = { in_batch: 0, out_batch: 8, keys: 16, values: 24 };
    return [
      ...fields.map((f): [string, Decoded] => [f, addr64(a, off[f])]),
      ['count', u(a.b.readUInt32LE(32))],
      ['map_fd', c.fd(a.b.readInt32LE(36))],
      ['elem_flags', fl(c, a.b.readBigUInt64LE(40), T.bpf_map_lookup_elem_flags, 'BPF_???')],
      ['flags', hex(a.b.readBigUInt64LE(48))],
    ];
  },
});

const btfLoad: Command = {
  size: 28,
  ret: 'fd',
  fields: (c, a) => [
    ['btf', c.strPart('entry', 1, 1, a.b.readBigUInt64LE(0), BigInt(a.b.readUInt32LE(16)))],
    ['btf_log_buf', addr64(a, 8)],
    ['btf_size', u(a.b.readUInt32LE(16))],
    ['btf_log_size', u(a.b.readUInt32LE(20))],
    ['btf_log_level', u(a.b.readUInt32LE(24))],
  ],
};

const linkUpdate: Command = {
  size: 16,
  wrap: 'link_update',
  fields: (c, a) => {
    const flags = a.b.readUInt32LE(8);
    return [
      ['link_fd', c.fd(a.b.readInt32LE(0))],
      ['new_prog_fd', c.fd(a.b.readInt32LE(4))],
      ['flags', fl(c, flags, T.bpf_attach_flags, 'BPF_F_???')],
      ...(flags & BPF_F_REPLACE ? ([['old_prog_fd', c.fd(a.b.readInt32LE(12))]] as Fields) : []),
    ];
  },
};

/**
 * The attach types whose LINK_CREATE union strace 6.1 reads as target_btf_id: of the cgroup ones,
 * BPF_CGROUP_INET_INGRESS only (measured with strace 6.1 over attach types 0..47).
 */
const CGROUP_ATTACH: ReadonlySet<number> = new Set([0]);
const BPF_TRACE_ITER = 28;
const BPF_PERF_EVENT = 41;
const BPF_TRACE_KPROBE_MULTI = 42;

/** print_array of u64s in hex (print_xint_array_member), from capture part `part`; NULL, [] or the address as strace prints them. */
function u64Array(c: Ctx, addr: bigint, count: number, part: number, item: (b: Buffer, off: number) => Decoded, size = 8): Decoded {
  if (addr === 0n) return ptr(0n);
  if (count === 0) return raw('[]');
  const m = c.structMem('entry', 1, part);
  return (m?.data && arrayItems(m.data, addr, count, size, c.opts.stringLimit, item)) || ptr(addr);
}

/**
 * LINK_CREATE: {prog_fd, target_fd, attach_type, flags} and, past them, the union member strace
 * 6.1 guesses from attach_type (CGROUP_INET_INGRESS's target_btf_id when not 0, TRACE_ITER's iter_info,
 * PERF_EVENT's perf_event, TRACE_KPROBE_MULTI's kprobe_multi); the bytes after that member are
 * extra data. kprobe_multi's syms, an array of strings, prints as its address.
 */
const linkCreate: Command = {
  size: 16,
  wrap: 'link_create',
  ret: 'fd',
  fields: (c, a) => {
    const b = a.b;
    const type = b.readUInt32LE(8);
    const f: Fields = [
      ['prog_fd', c.fd(b.readInt32LE(0))],
      ['target_fd', c.fd(b.readInt32LE(4))],
      ['attach_type', xv(c, type, T.bpf_attach_type, 'BPF_???')],
      ['flags', hex(b.readUInt32LE(12))],
    ];
    if (a.len <= 16) return f;
    if (CGROUP_ATTACH.has(type)) {
      if (b.readUInt32LE(16) !== 0) f.push(['target_btf_id', u(b.readUInt32LE(16))]);
    } else if (type === BPF_TRACE_ITER) {
      const mapFd = (d: Buffer, off: number): Decoded => struct([['map', struct([['map_fd', c.fd(d.readInt32LE(off))]])]]);
      f.push(['iter_info', u64Array(c, b.readBigUInt64LE(16), b.readUInt32LE(24), 1, mapFd, 4)], ['iter_info_len', u(b.readUInt32LE(24))]);
    } else if (type === BPF_PERF_EVENT) {
      f.push(['perf_event', struct([['bpf_cookie', hex(b.readBigUInt64LE(16))]])]);
    } else if (type === BPF_TRACE_KPROBE_MULTI) {
      const cnt = b.readUInt32LE(20);
      const x64 = (d: Buffer, off: number): Decoded => hex(d.readBigUInt64LE(off));
      const syms = b.readBigUInt64LE(24);
      f.push([
        'kprobe_multi',
        struct([
          ['flags', fl(c, b.readUInt32LE(16), T.bpf_link_create_kprobe_multi_flags, 'BPF_F_KPROBE_MULTI_???')],
          ['cnt', u(cnt)],
          ['syms', syms !== 0n && cnt === 0 ? raw('[]') : ptr(syms)],
          ['addrs', u64Array(c, b.readBigUInt64LE(32), cnt, 2, x64)],
          ['cookies', u64Array(c, b.readBigUInt64LE(40), cnt, 3, x64)],
        ]),
      ]);
    }
    return f;
  },
};

/** LINK_CREATE's struct as far as the union member its attach_type selects: where its extra data starts. */
function linkCreateSize(type: number): number {
  if (CGROUP_ATTACH.has(type)) return 20;
  if (type === BPF_TRACE_ITER) return 28;
  if (type === BPF_PERF_EVENT) return 24;
  if (type === BPF_TRACE_KPROBE_MULTI) return 48;
  return 16;
}

const COMMANDS: Readonly<Record<number, Command>> = {
  0: mapCreate,
  1: lookupElem,
  2: {
    size: 32,
    fields: (c, a) => [...mapFd(c, a), ['key', addr64(a, 8)], ['value', addr64(a, 16)], ['flags', xv(c, a.b.readBigUInt64LE(24), T.bpf_map_update_elem_flags, 'BPF_???')]],
  },
  3: { size: 16, fields: (c, a) => [...mapFd(c, a), ['key', addr64(a, 8)]] },
  4: { size: 24, fields: (c, a) => [...mapFd(c, a), ['key', addr64(a, 8)], ['next_key', addr64(a, 16)]] },
  5: progLoad,
  6: objPin,
  7: objPin,
  8: {
    size: 20,
    fields: (c, a) => [
      ['target_fd', c.fd(a.b.readInt32LE(0))],
      ['attach_bpf_fd', c.fd(a.b.readInt32LE(4))],
      ['attach_type', xv(c, a.b.readUInt32LE(8), T.bpf_attach_type, 'BPF_???')],
      ['attach_flags', fl(c, a.b.readUInt32LE(12), T.bpf_attach_flags, 'BPF_F_???')],
      ...gated(a, [[16, () => [['replace_bpf_fd', c.fd(a.b.readInt32LE(16))]]]] as const),
    ],
  },
  9: { size: 12, fields: (c, a) => [['target_fd', c.fd(a.b.readInt32LE(0))], ['attach_type', xv(c, a.b.readUInt32LE(8), T.bpf_attach_type, 'BPF_???')]] },
  10: progTestRun,
  11: idCommand('start_id'),
  12: idCommand('start_id'),
  13: idCommand('prog_id', 12, 'fd'),
  14: idCommand('map_id', 12, 'fd'),
  15: {
    size: 16,
    wrap: 'info',
    fields: (c, a) => [['bpf_fd', c.fd(a.b.readInt32LE(0))], ['info_len', u(a.b.readUInt32LE(4))], ['info', addr64(a, 8)]],
  },
  16: {
    size: 32,
    wrap: 'query',
    fields: (c, a) => [
      ['target_fd', c.fd(a.b.readInt32LE(0))],
      ['attach_type', xv(c, a.b.readUInt32LE(4), T.bpf_attach_type, 'BPF_???')],
      ['query_flags', fl(c, a.b.readUInt32LE(8), T.bpf_query_flags, 'BPF_F_QUERY_???')],
      ['attach_flags', fl(c, a.b.readUInt32LE(12), T.bpf_attach_flags, 'BPF_F_???')],
      ['prog_ids', addr64(a, 16)],
      ['prog_cnt', u(a.b.readUInt32LE(24))],
    ],
  },
  17: {
    size: 16,
    wrap: 'raw_tracepoint',
    ret: 'fd',
    fields: (c, a) => [['name', c.strPart('entry', 1, 1, a.b.readBigUInt64LE(0), -1n, QUOTE_0_TERMINATED)], ['prog_fd', c.fd(a.b.readInt32LE(8))]],
  },
  18: btfLoad,
  19: idCommand('btf_id', 4, 'fd'),
  20: { size: TASK_FD_QUERY_SIZE, fields: () => [] }, // decoded by taskFdQuery, at entry and exit
  21: lookupElem,
  22: { size: 4, fields: (c, a) => mapFd(c, a) },
  23: idCommand('start_id'),
  24: batch(['in_batch', 'out_batch', 'keys', 'values']),
  25: batch(['in_batch', 'out_batch', 'keys', 'values']),
  26: batch(['keys', 'values']),
  27: batch(['keys']),
  28: linkCreate,
  29: linkUpdate,
  30: idCommand('link_id', 4, 'fd'),
  31: idCommand('start_id'),
};

/**
 * TASK_FD_QUERY: {pid, fd, flags, buf_len} at entry; at exit, from the attr read again, the
 * buf_len the kernel left (=> when changed), buf (as many bytes as the smaller buf_len says) and
 * what the kernel filled in (prog_id, fd_type, probe_offset, probe_addr), also after a failure.
 */
function taskFdQuery(c: Ctx, head: Decoded, data: Buffer, size: number, tail: Decoded): CallDecoded {
  const zeroFilled = (d: Buffer): Buffer => {
    const b = Buffer.alloc(TASK_FD_QUERY_SIZE);
    d.copy(b, 0, 0, Math.min(size, TASK_FD_QUERY_SIZE));
    return b;
  };
  const e = zeroFilled(data);
  const exitData = c.mem('exit', 1)?.data;
  const x = exitData ? zeroFilled(exitData) : e;
  const bufLen = e.readUInt32LE(12);
  const entry = struct([
    ['pid', c.pid(e.readInt32LE(0))],
    ['fd', c.fd(e.readInt32LE(4))],
    ['flags', u(e.readUInt32LE(8))],
    ['buf_len', u(bufLen)],
  ]);
  const after: Fields = [
    ['buf', c.strPart('exit', 1, 1, x.readBigUInt64LE(16), BigInt(Math.min(bufLen, x.readUInt32LE(12))), QUOTE_0_TERMINATED)],
    ['prog_id', u(x.readUInt32LE(24))],
    ['fd_type', xv(c, x.readUInt32LE(28), T.bpf_task_fd_type, 'BPF_FD_TYPE_???')],
    ['probe_offset', hex(x.readBigUInt64LE(32))],
    ['probe_addr', hex(x.readBigUInt64LE(40))],
  ];
  const extra = extraData(c, data, size, TASK_FD_QUERY_SIZE);
  // the struct is opened at entry and closed at exit: its two halves as text
  const open = format(struct([['task_fd_query', entry]])).slice(0, -2);
  const changed = x.readUInt32LE(12) !== bufLen ? ` => ${x.readUInt32LE(12)}` : '';
  const close = `${changed}, ${format(struct(after)).slice(1, -1)}}${extra === 'more' ? ', ...' : extra === null ? '' : `, ${format(struct(extra)).slice(1, -1)}`}}`;
  return { args: [head, raw(open), raw(close), tail], exitFrom: 2, exitGlued: true, decodedAtEntry: false };
}

/** decode_attr_extra_data: the given bytes past the struct, when one is not zero. */
function extraData(c: Ctx, data: Buffer, size: number, attrSize: number): Fields | 'more' | null {
  if (size <= attrSize) return null;
  const tail = data.subarray(attrSize, size);
  if (tail.every((x) => x === 0)) return null;
  if (!c.opts.verbose) return 'more';
  const q = stringQuote(tail, tail.length, QUOTE_FORCE_HEX, c.opts.hex).text;
  return [['extra_data', raw(`${q} /* bytes ${attrSize}..${size - 1} */`)]];
}

function bpf(c: Ctx): CallDecoded {
  const cmd = c.uint(0);
  const size = c.uint(2);
  const head = xv(c, cmd, T.bpf_commands, 'BPF_???');
  const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  const tail = c.udec(size);
  if (size === 0 || BigInt(size) > PAGE_SIZE || command === undefined) return atEntry([head, ptr(c.u[1]), tail], command?.ret);
  const data = c.umove('entry', 1, size);
  if (!Buffer.isBuffer(data)) return atEntry([head, data, tail], command.ret);
  if (cmd === 20) return taskFdQuery(c, head, data, size, tail);
  const attrSize = cmd === 28 && size >= 12 ? linkCreateSize(data.readUInt32LE(8)) : command.size;
  const b = Buffer.alloc(Math.max(attrSize, 128));
  data.copy(b, 0, 0, Math.min(size, attrSize));
  const fields = command.fields(c, { b, len: Math.min(size, attrSize) });
  const extra = extraData(c, data, size, attrSize);
  const inner: Fields = command.wrap ? [[command.wrap, struct(fields)]] : fields;
  const attr = extra === 'more' ? struct(inner, true) : struct(extra === null ? inner : [...inner, ...extra]);
  return atEntry([head, attr, tail], command.ret);
}

export const bpfDecoders: Record<string, SyscallDecoder> = { bpf };

// perf_event_open (strace 6.1: perf.c): struct perf_event_attr, printed whole at exit (the
// kernel writes its own size back on E2BIG), then pid, cpu, group_fd and PERF_FLAG_*.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { split } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { changed, ptr, raw, struct, withComment } from './decoded.js';
import { xflags, xlatTable, xval, xvalText } from './xlat.js';
import { xlat as X } from './xlat.js';

const named = (prefix: string, names: string[], first = 0): [number, string][] => names.map((n, k) => [first + k, `${prefix}${n}`]);
const bits = (prefix: string, names: string[]): [number, string][] => names.map((n, k) => [2 ** k, `${prefix}${n}`]);

const T = {
  perf_type_id: xlatTable(named('PERF_TYPE_', ['HARDWARE', 'SOFTWARE', 'TRACEPOINT', 'HW_CACHE', 'RAW', 'BREAKPOINT'])),
  perf_attr_size: xlatTable([64, 72, 80, 96, 104, 112, 120, 128].map((v, k) => [v, `PERF_ATTR_SIZE_VER${k}`])),
  perf_hw_id: xlatTable(
    named('PERF_COUNT_HW_', [
      'CPU_CYCLES', 'INSTRUCTIONS', 'CACHE_REFERENCES', 'CACHE_MISSES', 'BRANCH_INSTRUCTIONS', 'BRANCH_MISSES', 'BUS_CYCLES',
      'STALLED_CYCLES_FRONTEND', 'STALLED_CYCLES_BACKEND', 'REF_CPU_CYCLES',
    ]),
  ),
  perf_sw_ids: xlatTable(
    named('PERF_COUNT_SW_', [
      'CPU_CLOCK', 'TASK_CLOCK', 'PAGE_FAULTS', 'CONTEXT_SWITCHES', 'CPU_MIGRATIONS', 'PAGE_FAULTS_MIN', 'PAGE_FAULTS_MAJ', 'ALIGNMENT_FAULTS',
      'EMULATION_FAULTS', 'DUMMY', 'BPF_OUTPUT', 'CGROUP_SWITCHES',
    ]),
  ),
  perf_hw_cache_id: xlatTable(named('PERF_COUNT_HW_CACHE_', ['L1D', 'L1I', 'LL', 'DTLB', 'ITLB', 'BPU', 'NODE'])),
  perf_hw_cache_op_id: xlatTable(named('PERF_COUNT_HW_CACHE_OP_', ['READ', 'WRITE', 'PREFETCH'])),
  perf_hw_cache_op_result_id: xlatTable(named('PERF_COUNT_HW_CACHE_RESULT_', ['ACCESS', 'MISS'])),
  perf_event_sample_format: xlatTable(
    bits('PERF_SAMPLE_', [
      'IP', 'TID', 'TIME', 'ADDR', 'READ', 'CALLCHAIN', 'ID', 'CPU', 'PERIOD', 'STREAM_ID', 'RAW', 'BRANCH_STACK', 'REGS_USER', 'STACK_USER',
      'WEIGHT', 'DATA_SRC', 'IDENTIFIER', 'TRANSACTION', 'REGS_INTR', 'PHYS_ADDR', 'AUX', 'CGROUP', 'DATA_PAGE_SIZE', 'CODE_PAGE_SIZE',
      'WEIGHT_STRUCT',
    ]),
  ),
  perf_event_read_format: xlatTable(bits('PERF_FORMAT_', ['TOTAL_TIME_ENABLED', 'TOTAL_TIME_RUNNING', 'ID', 'GROUP', 'LOST'])),
  perf_branch_sample_type: xlatTable(
    bits('PERF_SAMPLE_BRANCH_', [
      'USER', 'KERNEL', 'HV', 'ANY', 'ANY_CALL', 'ANY_RETURN', 'IND_CALL', 'ABORT_TX', 'IN_TX', 'NO_TX', 'COND', 'CALL_STACK', 'IND_JUMP',
      'CALL', 'NO_FLAGS', 'NO_CYCLES', 'TYPE_SAVE', 'HW_INDEX', 'PRIV_SAVE',
    ]),
  ),
  perf_event_open_flags: xlatTable(bits('PERF_FLAG_', ['FD_NO_GROUP', 'FD_OUTPUT', 'PID_CGROUP', 'FD_CLOEXEC'])),
  hw_breakpoint_type: xlatTable(named('HW_BREAKPOINT_', ['EMPTY', 'R', 'W', 'RW', 'X'])),
};

/** The one-bit flags of the u64 at offset 40, in bit order; precise_ip (2 bits) sits after watermark. */
const FLAGS = [
  'disabled', 'inherit', 'pinned', 'exclusive', 'exclude_user', 'exclude_kernel', 'exclude_hv', 'exclude_idle', 'mmap', 'comm', 'freq',
  'inherit_stat', 'enable_on_exec', 'task', 'watermark', 'precise_ip', 'mmap_data', 'sample_id_all', 'exclude_host', 'exclude_guest',
  'exclude_callchain_kernel', 'exclude_callchain_user', 'mmap2', 'comm_exec', 'use_clockid', 'context_switch', 'write_backward',
  'namespaces', 'ksymbol', 'bpf_event', 'aux_output', 'cgroup', 'text_poke', 'build_id', 'inherit_thread', 'remove_on_exec', 'sigtrap',
];
const PRECISE_IP = ['arbitrary skid', 'constant skid', 'requested to have 0 skid', 'must have 0 skid'];
const RESERVED_1_SHIFT = 38n;

const PERF_ATTR_SIZE_VER0 = 64;
const ATTR_SIZE = 128;
const PERF_TYPE_HARDWARE = 0;
const PERF_TYPE_SOFTWARE = 1;
const PERF_TYPE_TRACEPOINT = 2;
const PERF_TYPE_HW_CACHE = 3;
const PERF_TYPE_BREAKPOINT = 5;
const PERF_SAMPLE_BRANCH_STACK = 1n << 11n;
const PERF_SAMPLE_STACK_USER = 1n << 13n;
const HW_BREAKPOINT_INVALID_MAX = 7n;
const E2BIG = 7;

const hex = (v: bigint): Decoded => ({ kind: 'int', value: v, text: v === 0n ? '0' : `0x${v.toString(16)}` });

/** The bit field of `flags` named by FLAGS[k] (precise_ip: two bits). */
function flagBits(flags: bigint): { name: string; value: bigint }[] {
  let shift = 0n;
  return FLAGS.map((name) => {
    const width = name === 'precise_ip' ? 2n : 1n;
    const value = (flags >> shift) & ((1n << width) - 1n);
    shift += width;
    return { name, value };
  });
}

/** PERF_TYPE_HW_CACHE's config: result<<16|op<<8|id, and the bits above. */
function hwCacheConfig(c: Ctx, config: bigint): Decoded {
  const x = (v: bigint, dflt: string, t: Parameters<typeof xvalText>[3]): string => xvalText(v, dflt, c.style, t);
  let s = '';
  if (config >> 32n) s += `0x${(config >> 32n).toString(16)}<<32|`;
  if ((config >> 24n) & 0xffn) s += `0x${((config >> 24n) & 0xffn).toString(16)}<<24|`;
  s += `${x((config >> 16n) & 0xffn, 'PERF_COUNT_HW_CACHE_RESULT_???', T.perf_hw_cache_op_result_id)}<<16|`;
  s += `${x((config >> 8n) & 0xffn, 'PERF_COUNT_HW_CACHE_OP_???', T.perf_hw_cache_op_id)}<<8|`;
  s += x(config & 0xffn, 'PERF_COUNT_HW_CACHE_???', T.perf_hw_cache_id);
  return raw(s);
}

const CONFIG: Readonly<Record<number, (c: Ctx, config: bigint) => Decoded>> = {
  [PERF_TYPE_HARDWARE]: (c, v) => xval(v, 'PERF_COUNT_HW_???', c.style, T.perf_hw_id),
  [PERF_TYPE_SOFTWARE]: (c, v) => xval(v, 'PERF_COUNT_SW_???', c.style, T.perf_sw_ids),
  [PERF_TYPE_TRACEPOINT]: (c, v) => c.udec(v),
  [PERF_TYPE_HW_CACHE]: hwCacheConfig,
};

/** print_perf_event_attr: `b` holds the `size` bytes strace would have read; `newSize` is E2BIG's. */
function attr(c: Ctx, b: Buffer, size: number, newSize: Decoded | null): Decoded {
  const u64 = (off: number): bigint => b.readBigUInt64LE(off);
  const u32 = (off: number): bigint => BigInt(b.readUInt32LE(off));
  const type = b.readUInt32LE(0);
  const attrSize = b.readUInt32LE(4);
  const sizeText = xval(BigInt(attrSize), 'PERF_ATTR_SIZE_???', c.style, T.perf_attr_size);
  const f: [string, Decoded][] = [
    ['type', xval(BigInt(type), 'PERF_TYPE_???', c.style, T.perf_type_id)],
    ['size', newSize === null ? sizeText : changed(sizeText, newSize)],
    ['config', Object.hasOwn(CONFIG, type) ? CONFIG[type](c, u64(8)) : hex(u64(8))],
  ];
  const flags = u64(40);
  const bitsOf = flagBits(flags);
  const bit = (name: string): bigint => bitsOf.find((x) => x.name === name)!.value;
  f.push(bit('freq') ? ['sample_freq', c.udec(u64(16))] : ['sample_period', c.udec(u64(16))]);
  f.push(['sample_type', xflags(u64(24), 'PERF_SAMPLE_???', c.style, T.perf_event_sample_format)]);
  f.push(['read_format', xflags(u64(32), 'PERF_FORMAT_???', c.style, T.perf_event_read_format)]);
  for (const { name, value } of bitsOf) {
    if (name === 'precise_ip') f.push([name, withComment(c.udec(value), PRECISE_IP[Number(value)])]);
    else if (c.opts.verbose || value) f.push([name, c.udec(value)]);
  }
  const reserved1 = flags >> RESERVED_1_SHIFT;
  if (reserved1) f.push(['__reserved_1', withComment(hex(reserved1), 'Bits 63..38')]);
  if (!c.opts.verbose) return struct(f, true);

  const sampleType = u64(24);
  const isBp = type === PERF_TYPE_BREAKPOINT;
  f.push(bit('watermark') ? ['wakeup_watermark', c.udec(u32(48))] : ['wakeup_events', c.udec(u32(48))]);
  if (isBp) {
    const bpType = u32(52);
    f.push(['bp_type', xval(bpType, bpType <= HW_BREAKPOINT_INVALID_MAX ? 'HW_BREAKPOINT_INVALID' : 'HW_BREAKPOINT_???', c.style, T.hw_breakpoint_type)]);
  }
  f.push([isBp ? 'bp_addr' : 'config1', hex(u64(56))]);
  // Fields from bp_len on are there only when size reaches them.
  const rest: [number, () => void][] = [
    [64, () => f.push(isBp ? ['bp_len', c.udec(u64(64))] : ['config2', hex(u64(64))])],
    [72, () => (sampleType & PERF_SAMPLE_BRANCH_STACK ? f.push(['branch_sample_type', xflags(u64(72), 'PERF_SAMPLE_BRANCH_???', c.style, T.perf_branch_sample_type)]) : 0)],
    [80, () => f.push(['sample_regs_user', hex(u64(80))])],
    [88, () => (sampleType & PERF_SAMPLE_STACK_USER ? f.push(['sample_stack_user', hex(u32(88))]) : 0)],
    [92, () => (bit('use_clockid') ? f.push(['clockid', xval(u32(92), 'CLOCK_???', c.style, X.clocknames)]) : 0)],
    [96, () => f.push(['sample_regs_intr', hex(u64(96))])],
    [104, () => f.push(['aux_watermark', c.udec(u32(104))])],
    [108, () => f.push(['sample_max_stack', c.udec(b.readUInt16LE(108))])],
    [110, () => tailComment(f, b.readUInt16LE(110), '110..111')],
    [112, () => f.push(['aux_sample_size', c.udec(u32(112))])],
    [116, () => tailComment(f, b.readUInt32LE(116), '116..119')],
    [120, () => f.push(['sig_data', hex(u64(120))])],
  ];
  for (const [off, print] of rest) {
    if (off >= size) break;
    print();
  }
  return struct(f, (attrSize !== 0 && attrSize > size) || (attrSize === 0 && size < PERF_ATTR_SIZE_VER0));
}

/** ` /* bytes A..B: 0x... *\/` after the last field printed, for reserved bytes that are not zero. */
function tailComment(f: [string, Decoded][], v: number, bytes: string): void {
  if (!v) return;
  const last = f[f.length - 1];
  f[f.length - 1] = [last[0], withComment(last[1], `bytes ${bytes}: 0x${v.toString(16)}`)];
}

/** The attr argument: captured whole at entry (size from its own size field), its size again at exit. */
function attrArg(c: Ctx): Decoded {
  const addr = c.u[0];
  const m = c.structMem('entry', 0);
  if (addr === 0n || !m || !m.data || m.data.length < 8) return ptr(addr);
  const declared = m.data.readUInt32LE(4);
  const size = declared === 0 ? PERF_ATTR_SIZE_VER0 : Math.min(declared, ATTR_SIZE);
  if (size < PERF_ATTR_SIZE_VER0 || m.data.length < size) return ptr(addr);
  const b = Buffer.alloc(ATTR_SIZE);
  m.data.copy(b, 0, 0, size);
  let newSize: Decoded | null = null;
  if (c.failed && c.ret === -BigInt(E2BIG)) {
    const out = c.mem('exit', 0)?.data;
    newSize = out && out.length >= 8 ? xval(BigInt(out.readUInt32LE(4)), 'PERF_ATTR_SIZE_???', c.style, T.perf_attr_size) : raw('???');
  }
  return attr(c, b, size, newSize);
}

function perfEventOpen(c: Ctx): CallDecoded {
  return split(
    [],
    [attrArg(c), c.sdec(c.int(1)), c.sdec(c.int(2)), c.fd(c.int(3)), xflags(c.u[4], 'PERF_FLAG_???', c.style, T.perf_event_open_flags)],
    'fd',
  );
}

export const perfDecoders: Record<string, SyscallDecoder> = { perf_event_open: perfEventOpen };

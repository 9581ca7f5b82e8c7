// Classic BPF programs as strace 6.1 prints them (strace: bpf_filter.c, bpf_seccomp_filter.c):
// BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0x4), BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0xc000003e, 0, 0x1)...
// strace 6.1 looks sizes, modes and operations up in the eBPF tables too (BPF_DW, BPF_XADD, BPF_JNE...).

import type { Ctx, Phase } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, raw, struct } from './decoded.js';
import { arrayItems } from './array-items.js';
import type { XlatStyle } from './xlat.js';
import { xlatTable, xlatVal, xvalText } from './xlat.js';

const T = {
  bpf_class: xlatTable([[0, 'BPF_LD'], [1, 'BPF_LDX'], [2, 'BPF_ST'], [3, 'BPF_STX'], [4, 'BPF_ALU'], [5, 'BPF_JMP'], [6, 'BPF_RET'], [7, 'BPF_MISC']]),
  bpf_size: xlatTable([[0, 'BPF_W'], [0x08, 'BPF_H'], [0x10, 'BPF_B'], [0x18, 'BPF_DW']]),
  bpf_mode: xlatTable([[0, 'BPF_IMM'], [0x20, 'BPF_ABS'], [0x40, 'BPF_IND'], [0x60, 'BPF_MEM'], [0x80, 'BPF_LEN'], [0xa0, 'BPF_MSH'], [0xc0, 'BPF_XADD']]),
  bpf_src: xlatTable([[0, 'BPF_K'], [0x08, 'BPF_X']]),
  bpf_op_alu: xlatTable([
    [0, 'BPF_ADD'], [0x10, 'BPF_SUB'], [0x20, 'BPF_MUL'], [0x30, 'BPF_DIV'], [0x40, 'BPF_OR'], [0x50, 'BPF_AND'], [0x60, 'BPF_LSH'],
    [0x70, 'BPF_RSH'], [0x80, 'BPF_NEG'], [0x90, 'BPF_MOD'], [0xa0, 'BPF_XOR'], [0xb0, 'BPF_MOV'], [0xc0, 'BPF_ARSH'], [0xd0, 'BPF_END'],
  ]),
  bpf_op_jmp: xlatTable([
    [0, 'BPF_JA'], [0x10, 'BPF_JEQ'], [0x20, 'BPF_JGT'], [0x30, 'BPF_JGE'], [0x40, 'BPF_JSET'], [0x50, 'BPF_JNE'], [0x60, 'BPF_JSGT'],
    [0x70, 'BPF_JSGE'], [0x80, 'BPF_CALL'], [0x90, 'BPF_EXIT'], [0xa0, 'BPF_JLT'], [0xb0, 'BPF_JLE'], [0xc0, 'BPF_JSLT'], [0xd0, 'BPF_JSLE'],
  ]),
  bpf_rval: xlatTable([[0, 'BPF_K'], [0x08, 'BPF_X'], [0x10, 'BPF_A']]),
  bpf_miscop: xlatTable([[0, 'BPF_TAX'], [0x80, 'BPF_TXA']]),
  seccomp_ret_action: xlatTable([
    [0x80000000, 'SECCOMP_RET_KILL_PROCESS'], [0, 'SECCOMP_RET_KILL_THREAD'], [0x00030000, 'SECCOMP_RET_TRAP'], [0x00050000, 'SECCOMP_RET_ERRNO'],
    [0x7fc00000, 'SECCOMP_RET_USER_NOTIF'], [0x7ff00000, 'SECCOMP_RET_TRACE'], [0x7ffc0000, 'SECCOMP_RET_LOG'], [0x7fff0000, 'SECCOMP_RET_ALLOW'],
  ]),
};

export const seccompRetAction = T.seccomp_ret_action;

const BPF_ST = 2;
const BPF_STX = 3;
const BPF_LD = 0;
const BPF_LDX = 1;
const BPF_ALU = 4;
const BPF_JMP = 5;
const BPF_RET = 6;
const BPF_MISC = 7;
const BPF_MAXINSNS = 4096;
const SECCOMP_RET_ACTION_FULL = 0xffff0000;

const hex = (v: number): string => xlatVal(BigInt(v >>> 0), 'x');
/** tprintf("|%#x") and tprints_comment("BPF_???"): the comment is printed under -X raw too. */
const unknown = (v: number): string => `|${hex(v)} /* BPF_??? */`;

const EBPF_CLASS = xlatTable([[0, 'BPF_LD'], [1, 'BPF_LDX'], [2, 'BPF_ST'], [3, 'BPF_STX'], [4, 'BPF_ALU'], [5, 'BPF_JMP'], [6, 'BPF_JMP32'], [7, 'BPF_ALU64']]);

/** print_bpf_filter_code: a classic BPF code, or (extended) an eBPF one, whose ST/STX are like LD and ALU64 like ALU. */
export function bpfCode(code: number, style: XlatStyle, extended = false): string {
  const cls = code & 7;
  let i = code & ~cls;
  const x = (v: number, ...t: Parameters<typeof xvalText>[3][]): string => xvalText(BigInt(v), 'BPF_???', style, ...t);
  let s = x(cls, extended ? EBPF_CLASS : T.bpf_class);
  const tail: Record<number, () => void> = {
    [BPF_ST]: () => {
      if (i) s += unknown(i);
    },
    [BPF_LD]: () => {
      s += `|${x(code & 0x18, T.bpf_size)}|${x(code & 0xe0, T.bpf_mode)}`;
    },
    [BPF_MISC]: () => {
      s += `|${x(code & 0xf8, T.bpf_miscop)}`;
      i &= ~(code & 0xf8);
      if (i) s += unknown(i);
    },
    [BPF_ALU]: () => {
      s += `|${x(code & 0x08, T.bpf_src)}|${x(code & 0xf0, T.bpf_op_alu)}`;
    },
    [BPF_JMP]: () => {
      s += `|${x(code & 0x08, T.bpf_src)}|${x(code & 0xf0, T.bpf_op_jmp)}`;
    },
    [BPF_RET]: () => {
      s += `|${x(code & 0x18, T.bpf_rval)}`;
      i &= ~(code & 0x18);
      if (i) s += unknown(i);
    },
  };
  tail[BPF_LDX] = tail[BPF_LD];
  if (extended) {
    tail[BPF_ST] = tail[BPF_LD];
    tail[BPF_MISC] = tail[BPF_ALU];
    tail[BPF_RET] = () => {
      if (i) s += unknown(i);
    };
  }
  tail[BPF_STX] = tail[BPF_ST];
  tail[cls]();
  return s;
}

/** print_seccomp_filter_k: a BPF_RET's k as a SECCOMP_RET_* action, and its data. */
function seccompK(k: number, style: XlatStyle): string {
  const action = (k & SECCOMP_RET_ACTION_FULL) >>> 0;
  const data = (k & ~action) >>> 0;
  const s = xvalText(BigInt(action), 'SECCOMP_RET_???', style, T.seccomp_ret_action);
  return data ? `${s}|${hex(data)}` : s;
}

/** How a filter kind prints an instruction's k (print_seccomp_filter_k, print_sock_filter_k). */
type PrintK = (code: number, k: number, style: XlatStyle) => string;

const seccompFilterK: PrintK = (code, k, style) => ((code & 7) === BPF_RET ? seccompK(k, style) : hex(k));

const SKF_AD_OFF = 0xfffff000;
const SKF_NET_OFF = 0xfff00000;
const SKF_LL_OFF = 0xffe00000;
const skfOff = xlatTable([[SKF_AD_OFF, 'SKF_AD_OFF'], [SKF_NET_OFF, 'SKF_NET_OFF'], [SKF_LL_OFF, 'SKF_LL_OFF']]);
const skfAd = xlatTable([
  [0, 'SKF_AD_PROTOCOL'], [4, 'SKF_AD_PKTTYPE'], [8, 'SKF_AD_IFINDEX'], [12, 'SKF_AD_NLATTR'], [16, 'SKF_AD_NLATTR_NEST'], [20, 'SKF_AD_MARK'],
  [24, 'SKF_AD_QUEUE'], [28, 'SKF_AD_HATYPE'], [32, 'SKF_AD_RXHASH'], [36, 'SKF_AD_CPU'], [40, 'SKF_AD_ALU_XOR_X'], [44, 'SKF_AD_VLAN_TAG'],
  [48, 'SKF_AD_VLAN_TAG_PRESENT'], [52, 'SKF_AD_PAY_OFFSET'], [56, 'SKF_AD_RANDOM'], [60, 'SKF_AD_VLAN_TPID'],
]);

/** print_sock_filter_k: a BPF_LD|BPF_ABS offset into the ancillary, network or link-layer data. */
const sockFilterK: PrintK = (code, k, style) => {
  if ((code & 7) !== BPF_LD || (code & 0xe0) !== 0x20) return hex(k);
  const base = [SKF_AD_OFF, SKF_NET_OFF, SKF_LL_OFF].find((b) => k >= b);
  if (base === undefined) return hex(k);
  const off = k - base;
  const rest = base === SKF_AD_OFF ? xvalText(BigInt(off), 'SKF_AD_???', style, skfAd) : String(off);
  return `${xvalText(BigInt(base), null, style, skfOff)}+${rest}`;
};

/** One instruction (struct sock_filter: u16 code, u8 jt, u8 jf, u32 k). */
function instruction(b: Buffer, off: number, style: XlatStyle, printK: PrintK): Decoded {
  const code = b.readUInt16LE(off);
  const jt = b.readUInt8(off + 2);
  const jf = b.readUInt8(off + 3);
  const k = b.readUInt32LE(off + 4);
  if (jt || jf) return raw(`BPF_JUMP(${bpfCode(code, style)}, ${hex(k)}, ${hex(jt)}, ${hex(jf)})`);
  return raw(`BPF_STMT(${bpfCode(code, style)}, ${printK(code, k, style)})`);
}

/**
 * print_bpf_fprog: `len` instructions at `addr`, captured as part `part` of argument `arg`;
 * only with -v (abbreviated output prints the address).
 */
function bpfFilter(c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, len: number, printK: PrintK): Decoded {
  if (!c.opts.verbose || addr === 0n) return ptr(addr);
  if (len === 0) return raw('[]');
  const m = c.mem(phase, arg, part);
  if (!m || m.data === null || m.data.length < 8 || (phase === 'exit' && c.failed)) return ptr(addr);
  return arrayItems(m.data, addr, len, 8, BPF_MAXINSNS, (b, off) => instruction(b, off, c.style, printK)) ?? ptr(addr);
}

/** print_seccomp_fprog: a seccomp program, whose BPF_RET's k are SECCOMP_RET_* actions. */
export function seccompFilter(c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, len: number): Decoded {
  return bpfFilter(c, phase, arg, part, addr, len, seccompFilterK);
}

/** decode_bpf_fprog: struct sock_fprog {len, filter} at argument `arg` (captured as fprog-in). */
function bpfFprog(c: Ctx, arg: number, printK: PrintK): Decoded {
  const b = c.umove('entry', arg, 16);
  if (!Buffer.isBuffer(b)) return b;
  const len = b.readUInt16LE(0);
  return struct([
    ['len', c.udec(len)],
    ['filter', bpfFilter(c, 'entry', arg, 1, b.readBigUInt64LE(8), len, printK)],
  ]);
}

/** decode_seccomp_fprog. */
export function seccompFprog(c: Ctx, arg: number): Decoded {
  return bpfFprog(c, arg, seccompFilterK);
}

/** print_sock_fprog: a socket filter's instructions (SO_GET_FILTER). */
export function sockFilter(c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, len: number): Decoded {
  return bpfFilter(c, phase, arg, part, addr, len, sockFilterK);
}

/** decode_sock_fprog: a socket filter (SO_ATTACH_FILTER), whose loads may address ancillary data. */
export function sockFprog(c: Ctx, arg: number): Decoded {
  return bpfFprog(c, arg, sockFilterK);
}

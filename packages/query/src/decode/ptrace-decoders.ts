// ptrace (strace 6.1: process.c, ptrace_syscall_info.c, x86_64 regsets): requests by name,
// PTRACE_O_* options, struct user offsets, regsets, siginfo, signal masks, seccomp filters and
// struct ptrace_syscall_info.

import { syscallTable } from '@tracedb/native';
import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, format, ptr, raw, struct } from './decoded.js';
import { seccompFilter } from './bpf-filter.js';
import { seccompFilterFlags } from './seccomp-decoders.js';
import { printSignal, sigsetArg, siginfo } from './signals.js';
import { xflags, xlatTable, xlookupLe, xval } from './xlat.js';
import { xlat as X } from './xlat.js';

const R = {
  TRACEME: 0, PEEKTEXT: 1, PEEKDATA: 2, PEEKUSER: 3, POKEUSER: 6, CONT: 7, KILL: 8, SINGLESTEP: 9, GETREGS: 12, SETREGS: 13, GETFPREGS: 14,
  SETFPREGS: 15, ATTACH: 0x10, DETACH: 0x11, OLDSETOPTIONS: 0x15, SYSCALL: 0x18, SYSEMU: 0x1f, SYSEMU_SINGLESTEP: 0x20, SINGLEBLOCK: 0x21,
  SETOPTIONS: 0x4200, GETEVENTMSG: 0x4201, GETSIGINFO: 0x4202, SETSIGINFO: 0x4203, GETREGSET: 0x4204, SETREGSET: 0x4205, SEIZE: 0x4206,
  INTERRUPT: 0x4207, LISTEN: 0x4208, PEEKSIGINFO: 0x4209, GETSIGMASK: 0x420a, SETSIGMASK: 0x420b, SECCOMP_GET_FILTER: 0x420c,
  SECCOMP_GET_METADATA: 0x420d, GET_SYSCALL_INFO: 0x420e,
} as const;

// strace 6.1's tables for x86_64, in its order.
const T = {
  ptrace_cmds: xlatTable([
    [0, 'PTRACE_TRACEME'], [1, 'PTRACE_PEEKTEXT'], [2, 'PTRACE_PEEKDATA'], [3, 'PTRACE_PEEKUSER'], [4, 'PTRACE_POKETEXT'], [5, 'PTRACE_POKEDATA'],
    [6, 'PTRACE_POKEUSER'], [7, 'PTRACE_CONT'], [8, 'PTRACE_KILL'], [9, 'PTRACE_SINGLESTEP'], [0x10, 'PTRACE_ATTACH'], [0x11, 'PTRACE_DETACH'],
    [0x18, 'PTRACE_SYSCALL'], [0x4200, 'PTRACE_SETOPTIONS'], [0x4201, 'PTRACE_GETEVENTMSG'], [0x4202, 'PTRACE_GETSIGINFO'],
    [0x4203, 'PTRACE_SETSIGINFO'], [0x4204, 'PTRACE_GETREGSET'], [0x4205, 'PTRACE_SETREGSET'], [0x4206, 'PTRACE_SEIZE'],
    [0x4207, 'PTRACE_INTERRUPT'], [0x4208, 'PTRACE_LISTEN'], [0x4209, 'PTRACE_PEEKSIGINFO'], [0x420a, 'PTRACE_GETSIGMASK'],
    [0x420b, 'PTRACE_SETSIGMASK'], [0x420c, 'PTRACE_SECCOMP_GET_FILTER'], [0x420d, 'PTRACE_SECCOMP_GET_METADATA'],
    [0x420e, 'PTRACE_GET_SYSCALL_INFO'], [0x420f, 'PTRACE_GET_RSEQ_CONFIGURATION'], [0xc, 'PTRACE_GETREGS'], [0xd, 'PTRACE_SETREGS'],
    [0xe, 'PTRACE_GETFPREGS'], [0xf, 'PTRACE_SETFPREGS'], [0x12, 'PTRACE_GETFPXREGS'], [0x13, 'PTRACE_SETFPXREGS'],
    [0x15, 'PTRACE_OLDSETOPTIONS'], [0x19, 'PTRACE_GET_THREAD_AREA'], [0x1a, 'PTRACE_SET_THREAD_AREA'], [0x1f, 'PTRACE_SYSEMU'],
    [0x20, 'PTRACE_SYSEMU_SINGLESTEP'], [0x21, 'PTRACE_SINGLEBLOCK'], [0x1e, 'PTRACE_ARCH_PRCTL'],
  ]),
  ptrace_setoptions_flags: xlatTable([
    [0x1, 'PTRACE_O_TRACESYSGOOD'], [0x2, 'PTRACE_O_TRACEFORK'], [0x4, 'PTRACE_O_TRACEVFORK'], [0x8, 'PTRACE_O_TRACECLONE'],
    [0x10, 'PTRACE_O_TRACEEXEC'], [0x20, 'PTRACE_O_TRACEVFORKDONE'], [0x40, 'PTRACE_O_TRACEEXIT'], [0x80, 'PTRACE_O_TRACESECCOMP'],
    [0x100000, 'PTRACE_O_EXITKILL'], [0x200000, 'PTRACE_O_SUSPEND_SECCOMP'],
  ]),
  ptrace_peeksiginfo_flags: xlatTable([[0x1, 'PTRACE_PEEKSIGINFO_SHARED']]),
  nt_descriptor_types: xlatTable([
    ...([[1, 'PRSTATUS'], [2, 'FPREGSET'], [3, 'PRPSINFO'], [4, 'PRXREG'], [5, 'PLATFORM'], [6, 'AUXV'], [7, 'GWINDOWS'], [8, 'ASRS'], [10, 'PSTATUS'],
      [13, 'PSINFO'], [14, 'PRCRED'], [15, 'UTSNAME'], [16, 'LWPSTATUS'], [17, 'LWPSINFO'], [20, 'PRFPXREG']] as const).map(([v, n]) => [v, `NT_${n}`] as [number, string]),
    ...['VMX', 'SPE', 'VSX', 'TAR', 'PPR', 'DSCR', 'EBB', 'PMU', 'TM_CGPR', 'TM_CFPR', 'TM_CVMX', 'TM_CVSX', 'TM_SPR', 'TM_CTAR', 'TM_CPPR', 'TM_CDSCR', 'PKEY']
      .map((n, k): [number, string] => [0x100 + k, `NT_PPC_${n}`]),
    [0x200, 'NT_386_TLS'], [0x201, 'NT_386_IOPERM'], [0x202, 'NT_X86_XSTATE'],
    ...['HIGH_GPRS', 'TIMER', 'TODCMP', 'TODPREG', 'CTRS', 'PREFIX', 'LAST_BREAK', 'SYSTEM_CALL', 'TDB', 'VXRS_LOW', 'VXRS_HIGH', 'GS_CB', 'GS_BC', 'RI_CB', 'PV_CPU_DATA']
      .map((n, k): [number, string] => [0x300 + k, `NT_S390_${n}`]),
    ...['VFP', 'TLS', 'HW_BREAK', 'HW_WATCH', 'SYSTEM_CALL', 'SVE', 'PAC_MASK', 'PACA_KEYS', 'PACG_KEYS', 'TAGGED_ADDR_CTRL', 'PAC_ENABLED_KEYS', 'SSVE', 'ZA']
      .map((n, k): [number, string] => [0x400 + k, `NT_ARM_${n}`]),
    [0x500, 'NT_METAG_CBUF'], [0x501, 'NT_METAG_RPIPE'], [0x502, 'NT_METAG_TLS'], [0x600, 'NT_ARC_V2'], [0x700, 'NT_VMCOREDD'],
    [0x800, 'NT_MIPS_DSP'], [0x801, 'NT_MIPS_FP_MODE'], [0x802, 'NT_MIPS_MSA'],
    ...['CPUCFG', 'CSR', 'LSX', 'LASX', 'LBT'].map((n, k): [number, string] => [0xa00 + k, `NT_LOONGARCH_${n}`]),
    [0x46494c45, 'NT_FILE'], [0x46e62b7f, 'NT_PRXFPREG'], [0x53494749, 'NT_SIGINFO'],
  ]),
  /** struct user's fields as strace names them (userent.h), by offset. */
  struct_user_offsets: xlatTable([
    ...['R15', 'R14', 'R13', 'R12', 'RBP', 'RBX', 'R11', 'R10', 'R9', 'R8', 'RAX', 'RCX', 'RDX', 'RSI', 'RDI', 'ORIG_RAX', 'RIP', 'CS', 'EFL', 'RSP', 'SS']
      .map((n, k): [number, string] => [8 * k, `8*${n}`]),
    ...([[216, 'u_fpvalid'], [224, 'i387'], [736, 'u_tsize'], [744, 'u_dsize'], [752, 'u_ssize'], [760, 'start_code'], [768, 'start_stack'],
      [776, 'signal'], [784, 'reserved'], [792, 'u_ar0'], [800, 'u_fpstate'], [808, 'magic'], [816, 'u_comm'], [848, 'u_debugreg']] as const)
      .map(([v, n]): [number, string] => [v, `offsetof(struct user, ${n})`]),
    [912, 'sizeof(struct user)'],
  ]),
  ptrace_syscall_info_op: xlatTable([[0, 'PTRACE_SYSCALL_INFO_NONE'], [1, 'PTRACE_SYSCALL_INFO_ENTRY'], [2, 'PTRACE_SYSCALL_INFO_EXIT'], [3, 'PTRACE_SYSCALL_INFO_SECCOMP']]),
};

const LAST_USER_OFFSET = 912n;
const NT_PRSTATUS = 1n;
const NT_FPREGSET = 2n;

/** print_user_offset_addr: PEEKUSER's and POKEUSER's offset in struct user. */
function userOffset(c: Ctx, addr: bigint): Decoded {
  const base = xlookupLe(T.struct_user_offsets, addr);
  const name = base === null || (addr > base.value && base.value === LAST_USER_OFFSET) ? null : base.name + (addr === base.value ? '' : `+${addr - base.value}`);
  const v = c.style.verbosity;
  if (name === null || v === 'raw') return ptr(addr);
  return raw(v === 'verbose' ? `${format(ptr(addr))} /* ${name} */` : name);
}

const hexField = (v: bigint): Decoded => ({ kind: 'int', value: v, text: v === 0n ? '0' : `0x${v.toString(16)}` });

const REGS = [
  'r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi', 'rdi', 'orig_rax', 'rip', 'cs', 'eflags',
  'rsp', 'ss', 'fs_base', 'gs_base', 'ds', 'es', 'fs', 'gs',
];
const REGS_SIZE = REGS.length * 8;

/** struct user_regs_struct, its fields that begin within `size` bytes (arch_decode_prstatus_regset). */
function userRegs(b: Buffer, size: number): Decoded {
  const n = Math.min(b.length, size, REGS_SIZE);
  const fields: [string, Decoded][] = [];
  for (let k = 0; k * 8 < n; k++) fields.push([REGS[k], hexField(b.readBigUInt64LE(k * 8))]);
  return struct(fields, size > REGS_SIZE);
}

/** struct user_fpregs_struct: its fields by offset, size and count (arrays of u32). */
const FPREGS: readonly (readonly [string, number, 2 | 4 | 8, number])[] = [
  ['cwd', 0, 2, 0], ['swd', 2, 2, 0], ['ftw', 4, 2, 0], ['fop', 6, 2, 0], ['rip', 8, 8, 0], ['rdp', 16, 8, 0], ['mxcsr', 24, 4, 0],
  ['mxcr_mask', 28, 4, 0], ['st_space', 32, 4, 32], ['xmm_space', 160, 4, 64], ['padding', 416, 4, 24],
];
const FPREGS_SIZE = 512;

function fpregs(c: Ctx, b: Buffer, size: number): Decoded {
  const n = Math.min(b.length, size, FPREGS_SIZE);
  const read = (off: number, w: 2 | 4 | 8): bigint => (w === 2 ? BigInt(b.readUInt16LE(off)) : w === 4 ? BigInt(b.readUInt32LE(off)) : b.readBigUInt64LE(off));
  const fields: [string, Decoded][] = [];
  for (const [name, off, w, count] of FPREGS) {
    if (off >= n) break;
    if (count === 0) {
      fields.push([name, hexField(read(off, w))]);
      continue;
    }
    const items: Decoded[] = [];
    let more = false;
    for (let k = 0; k < count && off + (k + 1) * w <= n; k++) {
      if (!c.opts.verbose && k >= c.opts.stringLimit) {
        more = true;
        break;
      }
      items.push(hexField(read(off + k * w, w)));
    }
    fields.push([name, array(items, more)]);
  }
  return struct(fields, size > FPREGS_SIZE);
}

/** A regset of `size` bytes at `addr` (decode_regset): NT_PRSTATUS and NT_FPREGSET are decoded. */
function regset(c: Ctx, type: bigint, b: Buffer | undefined, addr: bigint, size: bigint): Decoded {
  if (type !== NT_PRSTATUS && type !== NT_FPREGSET) return ptr(addr);
  if (size === 0n || size & 7n || addr === 0n || b === undefined || b.length === 0) return ptr(addr);
  const s = Number(size > 0xffffn ? 0xffffn : size);
  return type === NT_PRSTATUS ? userRegs(b, s) : fpregs(c, b, s);
}

/** The struct iovec of GETREGSET/SETREGSET, its regset decoded (captured as iov1-in/iov1-out). */
function regsetIov(c: Ctx, phase: Phase): Decoded {
  if (c.u[3] === 0n) return ptr(0n);
  const iov = c.structMem(phase, 3)?.data;
  if (!iov || iov.length < 16) return ptr(c.u[3]);
  const base = iov.readBigUInt64LE(0);
  const len = iov.readBigUInt64LE(8);
  const target = phase === 'exit' && c.failed ? ptr(base) : regset(c, c.u[2], c.structMem(phase, 3, 1)?.data ?? undefined, base, len);
  return struct([['iov_base', target], ['iov_len', c.udec(len)]]);
}

/** printnum_ptr / printnum_ulong: [value] read at exit, or the address. */
function printnum(c: Ctx, hex: boolean): Decoded {
  const b = c.umove('exit', 3, 8);
  if (!isBuffer(b)) return b;
  const v = b.readBigUInt64LE(0);
  return raw(`[${hex ? (v === 0n ? 'NULL' : `0x${v.toString(16)}`) : v.toString()}]`);
}

/** print_siginfo_array: `n` siginfo_t read at exit. */
function siginfoArray(c: Ctx, n: bigint): Decoded {
  const m = c.structMem('exit', 3);
  if (c.failed || c.u[3] === 0n || !m || !m.data) return ptr(c.u[3]);
  if (n === 0n) return raw('[]');
  const items: Decoded[] = [];
  let more = false;
  for (let k = 0; k < Number(n); k++) {
    if ((k + 1) * 128 > m.data.length) break;
    if (!c.opts.verbose && k >= c.opts.stringLimit) {
      more = true;
      break;
    }
    items.push(siginfo(m.data.subarray(k * 128, (k + 1) * 128), c.style));
  }
  return items.length === 0 ? ptr(c.u[3]) : array(items, more);
}

const syscallNames = new Map(syscallTable.map((s) => [s.nr, s.name]));
const AUDIT_ARCH_X86_64 = 0xc000003e;

/** print_ptrace_syscall_info: struct ptrace_syscall_info, as much as the kernel wrote (ret) and the user asked for (addr). */
function syscallInfo(c: Ctx): Decoded {
  const want = c.u[2] < (c.ret ?? 0n) ? c.u[2] : (c.ret ?? 0n);
  const m = c.structMem('exit', 3);
  const size = Number(want > 88n ? 88n : want);
  if (c.failed || size === 0 || !m || !m.data || m.data.length < size) return ptr(c.u[3]);
  const b = m.data;
  const op = b.readUInt8(0);
  const f: [string, Decoded][] = [['op', xval(BigInt(op), 'PTRACE_SYSCALL_INFO_???', c.style, T.ptrace_syscall_info_op)]];
  const done = (): Decoded => struct(f);
  if (size < 8) return done();
  const arch = b.readUInt32LE(4);
  f.push(['arch', xval(BigInt(arch), 'AUDIT_ARCH_???', c.style, X.audit_arch)]);
  if (size < 16) return done();
  f.push(['instruction_pointer', hexField(b.readBigUInt64LE(8))]);
  if (size < 24) return done();
  f.push(['stack_pointer', hexField(b.readBigUInt64LE(16))]);
  const nr = (v: bigint): Decoded => {
    const name = arch === AUDIT_ARCH_X86_64 && v < 0x10000n ? syscallNames.get(Number(v)) : undefined;
    return name === undefined || c.style.verbosity === 'raw' ? c.udec(v) : raw(c.style.verbosity === 'verbose' ? `${v} /* __NR_${name} */` : `__NR_${name}`);
  };
  const args = (off: number): Decoded => array(Array.from({ length: 6 }, (_, k) => hexField(b.readBigUInt64LE(off + k * 8))));
  if (op === 1 && size >= 80) f.push(['entry', struct([['nr', nr(b.readBigUInt64LE(24))], ['args', args(32)]])]);
  else if (op === 2 && size >= 33) {
    const rval = b.readBigInt64LE(24);
    const isError = b.readUInt8(32);
    f.push(['exit', struct([['rval', c.sdec(rval)], ['is_error', c.udec(isError)]])]);
  } else if (op === 3 && size >= 84) {
    f.push(['seccomp', struct([['nr', nr(b.readBigUInt64LE(24))], ['args', args(32)], ['ret_data', c.udec(b.readUInt32LE(80))]])]);
  }
  return done();
}

/** PTRACE_SECCOMP_GET_METADATA: {filter_off=N at entry, , flags=... at exit}. */
function seccompMetadata(c: Ctx): CallDecoded | null {
  if (!c.opts.deref) return null;
  const b = c.mem('entry', 3)?.data;
  if (c.u[2] < 8n || c.u[3] === 0n || !b || b.length < 8) return null;
  const head = raw(`{filter_off=${b.readBigUInt64LE(0)}`);
  let tail = '}';
  const retSize = c.ret === null || c.failed ? 0n : c.ret < 16n ? c.ret : 16n;
  if (retSize > 8n) {
    const out = c.mem('exit', 3)?.data;
    // strace 6.1 reads the flags whole: a part of them is "???"
    if (!out || out.length < 16 || retSize < 16n) tail = ', ???}';
    else {
      const flags = xflags(out.readBigUInt64LE(8), 'SECCOMP_FILTER_FLAG_???', c.style, seccompFilterFlags);
      tail = `, flags=${flags.kind === 'flags' ? flags.text : ''}${c.ret !== null && c.ret > retSize ? ', ...' : ''}}`;
    }
  }
  return { args: [head, raw(tail)], exitFrom: 1, decodedAtEntry: false, exitGlued: true };
}

const SIGNAL_DATA = new Set<number>([R.CONT, R.DETACH, R.SYSCALL, R.SINGLESTEP, R.SINGLEBLOCK, R.SYSEMU, R.SYSEMU_SINGLESTEP]);
const OPTIONS_DATA = new Set<number>([R.SEIZE, R.SETOPTIONS, R.OLDSETOPTIONS]);
const NO_ADDR = new Set<number>([R.GETREGS, R.SETREGS, R.GETFPREGS, R.SETFPREGS]);

/** The data argument printed at entry, by request. */
const ENTRY_DATA: Readonly<Record<number, (c: Ctx) => Decoded>> = {
  [R.SETSIGINFO]: (c) => {
    const b = c.umove('entry', 3, 128);
    return isBuffer(b) ? siginfo(b, c.style) : b;
  },
  [R.SETSIGMASK]: (c) => sigsetArg(c, 'entry', 3, c.u[2]),
  [R.SETREGSET]: (c) => (c.opts.deref ? regsetIov(c, 'entry') : ptr(c.u[3])),
  [R.SETREGS]: (c) => {
    const b = c.umove('entry', 3, REGS_SIZE);
    return isBuffer(b) ? userRegs(b, REGS_SIZE) : b;
  },
  [R.SETFPREGS]: (c) => {
    const b = c.umove('entry', 3, FPREGS_SIZE);
    return isBuffer(b) ? fpregs(c, b, FPREGS_SIZE) : b;
  },
};

/** The data argument printed at exit (when verbose), by request. */
const EXIT_DATA: Readonly<Record<number, (c: Ctx) => Decoded>> = {
  [R.PEEKTEXT]: (c) => printnum(c, true),
  [R.PEEKDATA]: (c) => printnum(c, true),
  [R.PEEKUSER]: (c) => printnum(c, true),
  [R.GETEVENTMSG]: (c) => printnum(c, false),
  [R.GETREGSET]: (c) => regsetIov(c, 'exit'),
  [R.GETSIGINFO]: (c) => {
    const b = c.umove('exit', 3, 128);
    return isBuffer(b) ? siginfo(b, c.style) : b;
  },
  [R.GETSIGMASK]: (c) => sigsetArg(c, 'exit', 3, c.u[2]),
  [R.PEEKSIGINFO]: (c) => siginfoArray(c, c.ret ?? 0n),
  [R.SECCOMP_GET_FILTER]: (c) => (c.failed || c.ret === null ? ptr(c.u[3]) : seccompFilter(c, 'exit', 3, 0, c.u[3], Number(c.ret & 0xffffn))),
  [R.GET_SYSCALL_INFO]: syscallInfo,
  [R.GETREGS]: (c) => {
    const b = c.umove('exit', 3, REGS_SIZE);
    return isBuffer(b) ? userRegs(b, REGS_SIZE) : b;
  },
  [R.GETFPREGS]: (c) => {
    const b = c.umove('exit', 3, FPREGS_SIZE);
    return isBuffer(b) ? fpregs(c, b, FPREGS_SIZE) : b;
  },
};

function addrArg(c: Ctx, req: number): Decoded {
  if (req === R.PEEKUSER || req === R.POKEUSER) return userOffset(c, c.u[2]);
  if (req === R.GETREGSET || req === R.SETREGSET) return xval(c.u[2], 'NT_???', c.style, T.nt_descriptor_types);
  if (req === R.GETSIGMASK || req === R.SETSIGMASK || req === R.SECCOMP_GET_FILTER || req === R.SECCOMP_GET_METADATA || req === R.GET_SYSCALL_INFO) {
    return c.udec(c.u[2]);
  }
  return ptr(c.u[2]);
}

function ptrace(c: Ctx): CallDecoded {
  const request = c.u[0];
  const req = request <= 0xffffffffn ? Number(request) : -1;
  const head: Decoded[] = [xval(request, 'PTRACE_???', c.style, T.ptrace_cmds)];
  if (req === R.TRACEME) return atEntry(head);
  head.push(c.pid(c.int(1), 'tid'));
  if (req === R.ATTACH || req === R.INTERRUPT || req === R.KILL || req === R.LISTEN) return atEntry(head);
  if (req === R.PEEKSIGINFO) {
    const psi = c.umove('entry', 2, 16);
    if (!isBuffer(psi)) return atEntry([...head, psi, ptr(c.u[3])]);
    head.push(
      struct([
        ['off', c.udec(psi.readBigUInt64LE(0))],
        ['flags', xflags(BigInt(psi.readUInt32LE(8)), 'PTRACE_PEEKSIGINFO_???', c.style, T.ptrace_peeksiginfo_flags)],
        ['nr', c.udec(psi.readUInt32LE(12))],
      ]),
    );
  } else if (!NO_ADDR.has(req)) {
    head.push(addrArg(c, req));
  }
  if (SIGNAL_DATA.has(req)) return atEntry([...head, printSignal(c, c.int(3))]);
  if (OPTIONS_DATA.has(req)) return atEntry([...head, xflags(c.u[3], 'PTRACE_O_???', c.style, T.ptrace_setoptions_flags)]);
  if (Object.hasOwn(ENTRY_DATA, req)) return atEntry([...head, ENTRY_DATA[req](c)]);
  if (req === R.SECCOMP_GET_METADATA) {
    const m = seccompMetadata(c);
    if (m !== null) return { ...m, args: [...head, ...m.args], exitFrom: head.length + 1 };
    return atEntry([...head, ptr(c.u[3])]);
  }
  if (Object.hasOwn(EXIT_DATA, req) && c.opts.deref) return split(head, [EXIT_DATA[req](c)]);
  return atEntry([...head, ptr(c.u[3])]);
}

export const ptraceDecoders: Record<string, SyscallDecoder> = { ptrace };

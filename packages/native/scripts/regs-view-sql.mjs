// The SQL of the view regs, made from the register layout in src/arch/x86_64/regs.ts: written by
// gen-regs-view.mjs (migrations/0013) and again by each migration that has to remake the view.

import { regNames, regOffset } from '../dist/arch/x86_64/regs.js';

/** The columns' order: the ones people look for first, then the rest in the kernel's order. */
const FIRST = ['rip', 'rsp', 'rbp', 'rax', 'orig_rax', 'rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'];
const NOTES = {
  rip: 'the instruction pointer (at a syscall stop: just after the syscall instruction)',
  rsp: 'the stack pointer',
  rax: "at a syscall-exit stop the return value (-errno when it failed); at an entry stop -ENOSYS (-38)",
  orig_rax: 'the syscall number at syscall stops; -1 elsewhere',
  rdi: 'syscall argument 0 (x86_64 ABI)',
  rsi: 'syscall argument 1',
  rdx: 'syscall argument 2',
  r10: 'syscall argument 3',
  r8: 'syscall argument 4',
  r9: 'syscall argument 5',
  eflags: 'the flags register',
  fs_base: 'the thread pointer (TLS)',
};

const nibble = (k) => `instr('123456789ABCDEF', substr(h, ${k}, 1))`;
/** Register bytes at `offset`: hex digit pairs of h, little-endian, each shifted to its place. */
function register(offset) {
  const bytes = [];
  for (let i = 0; i < 8; i++) {
    const k = 2 * (offset + i) + 1;
    bytes.push(`((${nibble(k)} << 4 | ${nibble(k + 1)}) << ${8 * i})`);
  }
  return bytes.join(' | ');
}

const order = [...FIRST, ...regNames.filter((n) => !FIRST.includes(n))];
const columns = order.map((n, i) => `       ${register(regOffset[n])} AS ${n}${i < order.length - 1 ? ',' : ''}${NOTES[n] ? `  -- ${NOTES[n]}` : ''}`);

/** CREATE VIEW regs, with its comment. */
export const regsViewSql = `-- Every register of each stop that has them, as signed 64-bit INTEGERs: a value at or above 2^63
-- reads as that value minus 2^64 (rax -2 is 0xfffffffffffffffe; printf('%x', rax) prints it so).
CREATE VIEW regs AS
SELECT seq,                                 -- the stop (stops.seq)
       pid,
       tid,
       kind,                                -- syscall-entry | syscall-exit | signal | group-stop | event | exit
${columns.join('\n')}
FROM (SELECT seq, pid, tid, kind, hex(regs) AS h FROM stops WHERE regs IS NOT NULL);
`;

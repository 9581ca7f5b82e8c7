// Kernel modules and kexec (strace: bjm.c, kexec.c): init_module, finit_module,
// delete_module, kexec_load, kexec_file_load.

import type { SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, raw } from './decoded.js';
import { sprintflagsEx, xflags, xlatTable, xvalText } from './xlat.js';

const T = {
  module_init_flags: xlatTable([[0x1, 'MODULE_INIT_IGNORE_MODVERSIONS'], [0x2, 'MODULE_INIT_IGNORE_VERMAGIC'], [0x4, 'MODULE_INIT_COMPRESSED_FILE']]),
  delete_module_flags: xlatTable([[0x800, 'O_NONBLOCK'], [0x200, 'O_TRUNC']]),
  kexec_load_flags: xlatTable([[0x1, 'KEXEC_ON_CRASH'], [0x2, 'KEXEC_PRESERVE_CONTEXT'], [0x4, 'KEXEC_UPDATE_ELFCOREHDR']]),
  kexec_arch_values: xlatTable([
    [0, 'KEXEC_ARCH_DEFAULT'], [3 << 16, 'KEXEC_ARCH_386'], [4 << 16, 'KEXEC_ARCH_68K'], [15 << 16, 'KEXEC_ARCH_PARISC'], [62 << 16, 'KEXEC_ARCH_X86_64'],
    [20 << 16, 'KEXEC_ARCH_PPC'], [21 << 16, 'KEXEC_ARCH_PPC64'], [50 << 16, 'KEXEC_ARCH_IA_64'], [40 << 16, 'KEXEC_ARCH_ARM'],
    [22 << 16, 'KEXEC_ARCH_S390'], [42 << 16, 'KEXEC_ARCH_SH'], [10 << 16, 'KEXEC_ARCH_MIPS_LE'], [8 << 16, 'KEXEC_ARCH_MIPS'],
    [183 << 16, 'KEXEC_ARCH_AARCH64'], [243 << 16, 'KEXEC_ARCH_RISCV'], [258 << 16, 'KEXEC_ARCH_LOONGARCH'],
  ]),
  kexec_file_load_flags: xlatTable([[0x1, 'KEXEC_FILE_UNLOAD'], [0x2, 'KEXEC_FILE_ON_CRASH'], [0x4, 'KEXEC_FILE_NO_INITRAMFS']]),
};

const KEXEC_ARCH_MASK = 0xffff0000n;

/** kexec_load's flags: the architecture (a value), then the flags. */
function kexecFlags(c: Ctx, v: bigint): Decoded {
  const arch = xvalText(v & KEXEC_ARCH_MASK, 'KEXEC_ARCH_???', c.style, T.kexec_arch_values);
  const rest = v & ~KEXEC_ARCH_MASK;
  return raw(rest ? `${arch}|${sprintflagsEx(rest, 'KEXEC_???', c.style, T.kexec_load_flags).text}` : arch);
}

export const modulesDecoders: Record<string, SyscallDecoder> = {
  init_module: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), c.cstr('entry', 2)]),
  finit_module: (c) => atEntry([c.fd(c.int(0)), c.cstr('entry', 1), xflags(c.u[2] & 0xffffffffn, 'MODULE_INIT_???', c.style, T.module_init_flags)]),
  delete_module: (c) => atEntry([c.cstr('entry', 0), xflags(c.u[1] & 0xffffffffn, 'O_???', c.style, T.delete_module_flags)]),
  kexec_load: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), ptr(c.u[2]), kexecFlags(c, c.u[3])]),
  kexec_file_load: (c) =>
    atEntry([c.fd(c.int(0)), c.fd(c.int(1)), c.udec(c.u[2]), c.str('entry', 3, c.u[2]), xflags(c.u[4], 'KEXEC_FILE_???', c.style, T.kexec_file_load_flags)]),
};

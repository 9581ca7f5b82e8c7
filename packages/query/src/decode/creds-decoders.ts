// Credentials (strace: uid.c): setreuid, setregid, setresuid, setresgid, setfsuid, setfsgid,
// setgroups. Ids are 32-bit: the register's upper half is not the kernel's.

import type { SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import { idVal } from './structs.js';
import { uid } from './sys-fs.js';
import { printArray } from './sys-other.js';

const ids = (n: number) => (c: Ctx) => atEntry(Array.from({ length: n }, (_, i) => uid(c.u[i])));

export const credsDecoders: Record<string, SyscallDecoder> = {
  setreuid: ids(2),
  setregid: ids(2),
  setresuid: ids(3),
  setresgid: ids(3),
  setfsuid: ids(1),
  setfsgid: ids(1),
  setgroups: (c) => {
    const n = c.int(0);
    return atEntry([c.sdec(n), printArray(c, 'entry', 1, BigInt(n), 4, (b, o) => idVal(b.readUInt32LE(o)))]);
  },
};

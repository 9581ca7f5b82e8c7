// Landlock (strace: landlock.c): landlock_create_ruleset, landlock_add_rule, landlock_restrict_self.

import type { SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, struct } from './decoded.js';
import { xflags, xlatTable, xval } from './xlat.js';

// strace 6.1's tables: it knows no access right past LANDLOCK_ACCESS_FS_REFER, and one rule type.
const T = {
  landlock_ruleset_access_fs: xlatTable([
    [0x1, 'LANDLOCK_ACCESS_FS_EXECUTE'], [0x2, 'LANDLOCK_ACCESS_FS_WRITE_FILE'], [0x4, 'LANDLOCK_ACCESS_FS_READ_FILE'],
    [0x8, 'LANDLOCK_ACCESS_FS_READ_DIR'], [0x10, 'LANDLOCK_ACCESS_FS_REMOVE_DIR'], [0x20, 'LANDLOCK_ACCESS_FS_REMOVE_FILE'],
    [0x40, 'LANDLOCK_ACCESS_FS_MAKE_CHAR'], [0x80, 'LANDLOCK_ACCESS_FS_MAKE_DIR'], [0x100, 'LANDLOCK_ACCESS_FS_MAKE_REG'],
    [0x200, 'LANDLOCK_ACCESS_FS_MAKE_SOCK'], [0x400, 'LANDLOCK_ACCESS_FS_MAKE_FIFO'], [0x800, 'LANDLOCK_ACCESS_FS_MAKE_BLOCK'],
    [0x1000, 'LANDLOCK_ACCESS_FS_MAKE_SYM'], [0x2000, 'LANDLOCK_ACCESS_FS_REFER'],
  ]),
  landlock_create_ruleset_flags: xlatTable([[0x1, 'LANDLOCK_CREATE_RULESET_VERSION']]),
  landlock_rule_types: xlatTable([[1, 'LANDLOCK_RULE_PATH_BENEATH']]),
};

const RULESET_ATTR_SIZE = 8;
const LANDLOCK_CREATE_RULESET_VERSION = 1n;
const LANDLOCK_RULE_PATH_BENEATH = 1;

const accessFs = (c: Ctx, v: bigint): Decoded => xflags(v, 'LANDLOCK_ACCESS_FS_???', c.style, T.landlock_ruleset_access_fs);

/** struct landlock_ruleset_attr of `size` bytes: strace 6.1 knows its first field, and says "..." for the rest. */
function rulesetAttr(c: Ctx, size: bigint): Decoded {
  if (size < BigInt(RULESET_ATTR_SIZE)) return ptr(c.u[0]);
  const b = c.umove('entry', 0, RULESET_ATTR_SIZE);
  if (!isBuffer(b)) return b;
  return struct([['handled_access_fs', accessFs(c, b.readBigUInt64LE(0))]], size > BigInt(RULESET_ATTR_SIZE));
}

function addRule(c: Ctx): ReturnType<SyscallDecoder> {
  const type = c.uint(1);
  let attr: Decoded;
  if (type !== LANDLOCK_RULE_PATH_BENEATH) attr = ptr(c.u[2]);
  else {
    // struct landlock_path_beneath_attr is packed: a u64, then an s32.
    const b = c.umove('entry', 2, 12);
    attr = isBuffer(b) ? struct([['allowed_access', accessFs(c, b.readBigUInt64LE(0))], ['parent_fd', c.fd(b.readInt32LE(8))]]) : b;
  }
  return atEntry([c.fd(c.int(0)), xval(BigInt(type), 'LANDLOCK_RULE_???', c.style, T.landlock_rule_types), attr, c.hex(c.uint(3))]);
}

export const landlockDecoders: Record<string, SyscallDecoder> = {
  landlock_create_ruleset: (c) => {
    const flags = c.u[2] & 0xffffffffn;
    const args = [rulesetAttr(c, c.u[1]), c.udec(c.u[1]), xflags(flags, 'LANDLOCK_CREATE_RULESET_???', c.style, T.landlock_create_ruleset_flags)];
    return flags & LANDLOCK_CREATE_RULESET_VERSION ? atEntry(args) : atEntry(args, 'fd');
  },
  landlock_add_rule: addRule,
  landlock_restrict_self: (c) => atEntry([c.fd(c.int(0)), c.hex(c.uint(1))]),
};

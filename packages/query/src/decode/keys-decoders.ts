// The kernel key retention service (strace: keyctl.c): add_key, request_key, keyctl.

import { errnoName } from '@tracedb/native';
import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, raw } from './decoded.js';
import { QUOTE_OMIT_TRAILING_0 } from './quote.js';
import { uid } from './sys-fs.js';
import type { XlatTable } from './xlat.js';
import { xflags, xlatTable, xval } from './xlat.js';

const perms = (who: string, shift: number): [number, string][] =>
  ['VIEW', 'READ', 'WRITE', 'SEARCH', 'LINK', 'SETATTR'].map((p, k) => [((1 << k) << shift) >>> 0, `KEY_${who}_${p}`]);

/** A table of negative constants, keyed as xlookup looks values up (64-bit unsigned). */
function signedTable(entries: [number, string][]): XlatTable {
  const data = entries.map(([v, name]) => [BigInt.asUintN(64, BigInt(v)), name] as const);
  return { data, byValue: new Map(data.map(([v, name]) => [v, name])), small: null };
}

const T = {
  key_spec: signedTable([
    [-1, 'KEY_SPEC_THREAD_KEYRING'], [-2, 'KEY_SPEC_PROCESS_KEYRING'], [-3, 'KEY_SPEC_SESSION_KEYRING'], [-4, 'KEY_SPEC_USER_KEYRING'],
    [-5, 'KEY_SPEC_USER_SESSION_KEYRING'], [-6, 'KEY_SPEC_GROUP_KEYRING'], [-7, 'KEY_SPEC_REQKEY_AUTH_KEY'], [-8, 'KEY_SPEC_REQUESTOR_KEYRING'],
  ]),
  key_reqkeys: signedTable([
    [-1, 'KEY_REQKEY_DEFL_NO_CHANGE'], [0, 'KEY_REQKEY_DEFL_DEFAULT'], [1, 'KEY_REQKEY_DEFL_THREAD_KEYRING'], [2, 'KEY_REQKEY_DEFL_PROCESS_KEYRING'],
    [3, 'KEY_REQKEY_DEFL_SESSION_KEYRING'], [4, 'KEY_REQKEY_DEFL_USER_KEYRING'], [5, 'KEY_REQKEY_DEFL_USER_SESSION_KEYRING'],
    [6, 'KEY_REQKEY_DEFL_GROUP_KEYRING'], [7, 'KEY_REQKEY_DEFL_REQUESTOR_KEYRING'],
  ]),
  key_perms: xlatTable([...perms('POS', 24), ...perms('USR', 16), ...perms('GRP', 8), ...perms('OTH', 0)]),
  keyctl_commands: xlatTable(
    [
      'GET_KEYRING_ID', 'JOIN_SESSION_KEYRING', 'UPDATE', 'REVOKE', 'CHOWN', 'SETPERM', 'DESCRIBE', 'CLEAR', 'LINK', 'UNLINK', 'SEARCH', 'READ',
      'INSTANTIATE', 'NEGATE', 'SET_REQKEY_KEYRING', 'SET_TIMEOUT', 'ASSUME_AUTHORITY', 'GET_SECURITY', 'SESSION_TO_PARENT', 'REJECT',
      'INSTANTIATE_IOV', 'INVALIDATE', 'GET_PERSISTENT', 'DH_COMPUTE', 'PKEY_QUERY', 'PKEY_ENCRYPT', 'PKEY_DECRYPT', 'PKEY_SIGN', 'PKEY_VERIFY',
      'RESTRICT_KEYRING', 'MOVE', 'CAPABILITIES',
    ].map((n, k) => [k, `KEYCTL_${n}`]),
  ),
  keyctl_move_flags: xlatTable([[0x1, 'KEYCTL_MOVE_EXCL']]),
};

/** print_keyring_serial_number: printxval_d(key_spec). */
const serial = (c: Ctx, v: bigint): Decoded => xval(BigInt.asIntN(32, v), null, { ...c.style, format: 'd' }, T.key_spec);

/** print_err(err, false): the errno's name in the -X style. */
function errName(c: Ctx, v: number): Decoded {
  const name = errnoName(v);
  if (name === `E${v}` || c.style.verbosity === 'raw') return raw(String(v));
  return raw(c.style.verbosity === 'verbose' ? `${v} /* ${name} */` : name);
}

const READS = new Set([6, 11, 17]); // KEYCTL_DESCRIBE, KEYCTL_READ, KEYCTL_GET_SECURITY
const KEYCTL_READ = 11;

/** The arguments after the command, by command (printed at entry). */
const COMMANDS: Readonly<Record<number, (c: Ctx) => Decoded[]>> = {
  0: (c) => [serial(c, c.u[1]), c.sdec(c.int(2))],
  1: (c) => [c.cstr('entry', 1)],
  2: (c) => [serial(c, c.u[1]), c.str('entry', 2, c.u[3]), c.udec(c.u[3])],
  3: (c) => [serial(c, c.u[1])],
  4: (c) => [serial(c, c.u[1]), uid(c.u[2]), uid(c.u[3])],
  5: (c) => [serial(c, c.u[1]), xflags(c.u[2] & 0xffffffffn, 'KEY_???', c.style, T.key_perms)],
  7: (c) => [serial(c, c.u[1])],
  8: (c) => [serial(c, c.u[1]), serial(c, c.u[2])],
  9: (c) => [serial(c, c.u[1]), serial(c, c.u[2])],
  10: (c) => [serial(c, c.u[1]), c.cstr('entry', 2), c.cstr('entry', 3), serial(c, c.u[4])],
  12: (c) => [serial(c, c.u[1]), c.str('entry', 2, c.u[3]), c.udec(c.u[3]), serial(c, c.u[4])],
  13: (c) => [serial(c, c.u[1]), c.udec(c.uint(2)), serial(c, c.u[3])],
  14: (c) => [xval(BigInt(c.int(1)), 'KEY_REQKEY_DEFL_???', { ...c.style, format: 'd' }, T.key_reqkeys)],
  15: (c) => [serial(c, c.u[1]), c.udec(c.uint(2))],
  16: (c) => [serial(c, c.u[1])],
  18: () => [],
  19: (c) => [serial(c, c.u[1]), c.udec(c.uint(2)), errName(c, c.uint(3)), serial(c, c.u[4])],
  21: (c) => [serial(c, c.u[1])],
  22: (c) => [uid(c.u[1]), serial(c, c.u[2])],
  29: (c) => [serial(c, c.u[1]), c.cstr('entry', 2), c.cstr('entry', 3)],
  30: (c) => [serial(c, c.u[1]), serial(c, c.u[2]), serial(c, c.u[3]), xflags(c.u[4] & 0xffffffffn, 'KEYCTL_MOVE_???', c.style, T.keyctl_move_flags)],
};

function keyctl(c: Ctx): ReturnType<SyscallDecoder> {
  const cmd = c.int(0);
  const head = [xval(BigInt(cmd >>> 0), 'KEYCTL_???', c.style, T.keyctl_commands)];
  if (READS.has(cmd)) {
    const len = c.u[3];
    let buf: Decoded;
    if (c.failed || c.ret === null) buf = ptr(c.u[2]);
    else buf = c.str('exit', 2, c.ret > len ? len : c.ret, cmd === KEYCTL_READ ? 0 : QUOTE_OMIT_TRAILING_0);
    return split([...head, serial(c, c.u[1])], [buf, c.udec(len)]);
  }
  const args = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd](c) : [1, 2, 3, 4].map((i) => c.hex(c.u[i]));
  return atEntry([...head, ...args]);
}

export const keysDecoders: Record<string, SyscallDecoder> = {
  add_key: (c) => atEntry([c.cstr('entry', 0), c.cstr('entry', 1), c.str('entry', 2, c.u[3]), c.udec(c.u[3]), serial(c, c.u[4])]),
  request_key: (c) => atEntry([c.cstr('entry', 0), c.cstr('entry', 1), c.cstr('entry', 2), serial(c, c.u[3])]),
  keyctl,
};

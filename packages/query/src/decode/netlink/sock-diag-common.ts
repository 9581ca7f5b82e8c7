// What the sock_diag families' decoders share (strace: netlink_sock_diag.c): the socket
// cookie and the SK_MEMINFO_* counters.

import type { Decoded } from '../decoded.js';
import { array, raw } from '../decoded.js';
import { xlatTable } from '../xlat.js';
import { nlaIndexedArray } from './nlattr.js';

/** PRINT_FIELD_COOKIE: the two 32-bit halves. */
export const cookie = (b: Buffer, off: number): Decoded => array([raw(String(b.readUInt32LE(off))), raw(String(b.readUInt32LE(off + 4)))]);

const skMeminfo = xlatTable(['RMEM_ALLOC', 'RCVBUF', 'WMEM_ALLOC', 'SNDBUF', 'FWD_ALLOC', 'WMEM_QUEUED', 'OPTMEM', 'BACKLOG', 'DROPS'].map((n, i) => [i, `SK_MEMINFO_${n}`] as const));
/** decode_nla_meminfo: the SK_MEMINFO_* counters. */
export const meminfo = nlaIndexedArray(skMeminfo, 'SK_MEMINFO_???', 4, false, 'u');

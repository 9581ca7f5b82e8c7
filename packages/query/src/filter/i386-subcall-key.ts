// The number an i386 call is counted and filtered by: its own, or for socketcall and ipc their
// subcall's (numbered as i386SubcallDefs number them), as strace names them.

import { IPC_SUBCALL_NR, ipcSubcalls, SOCKET_SUBCALL_NR, socketSubcalls } from '@tracedb/native';
import { sql } from '../recording/query-builder.js';

/**
 * On a row of the syscalls view (nr, a0, entry_seq) known to be an i386 call: strace names a
 * socketcall after its subcall only when it could read the subcall's argument array.
 */
export const i386SubcallKey = sql<number>`(CASE
  WHEN nr = 102 AND a0 IN (${sql.join(Object.keys(socketSubcalls).map(Number))})
    AND EXISTS (SELECT 1 FROM memory m WHERE m.seq = entry_seq AND m.arg = 1 AND m.part = 0 AND m.data IS NOT NULL AND m.truncated = 0)
    THEN ${SOCKET_SUBCALL_NR} + a0
  WHEN nr = 117 AND (a0 & 65535) IN (${sql.join(Object.keys(ipcSubcalls).map(Number))}) THEN ${IPC_SUBCALL_NR} + (a0 & 65535)
  ELSE nr END)`;

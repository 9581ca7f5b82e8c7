export * from './regs.js';
export * from './siginfo.js';
export * from './syscall-info.js';
export * from './rusage.js';
export { syscallTable } from './syscall-table.js';
export { syscallTableI386 } from './syscall-table-i386.js';
export * from './signal-table.js';
export { ioctlNames } from './ioctl-table.js';

export const ARCH = 'x86_64';
export const PAGE_SIZE = 4096;
export { i386SubcallDefs, i386SubcallNr, IPC_SUBCALL_NR, ipcSubcalls, SOCKET_SUBCALL_NR, socketSubcallCapturedAs, socketSubcalls, SUBCALL_ARG } from './i386-subcalls.js';
export { captureTableI386, selectCaptureTableI386 } from './capture-table-i386.js';
export { msghdrOffsets } from './msghdr.js';

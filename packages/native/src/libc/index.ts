// The koffi side of the package: what only the tracer needs. The package's main entry point
// leaves it out, so that reading a recording never loads koffi.
export { libc, errno, setErrno, bufferAddress } from './libc.js';
export { ptrace } from './ptrace.js';
export { interfaceNames } from './interface-names.js';
export type { InterfaceNames } from './interface-names.js';

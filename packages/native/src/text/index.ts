// @tracedb/native/text: bytes (file names, argv, the environment) held as strings without loss. Nothing here loads koffi.
export { bytesToString, fsName, hasEscapedBytes, stringToBytes } from './byte-string.js';
export { rawArgs, splitNul } from './raw-args.js';

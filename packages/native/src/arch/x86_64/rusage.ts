/** struct rusage on x86_64, as wait4 fills it: two struct timeval (16 bytes each) first. */
export const RUSAGE_SIZE = 144;

export const rusageOffset = {
  utimeSec: 0,
  utimeUsec: 8,
  stimeSec: 16, // ru_stime: system CPU time
  stimeUsec: 24,
} as const;

/**
 * struct msghdr's fields for a word size (8: x86_64, 4: i386): msg_name, msg_namelen (an int,
 * padded to a word), msg_iov, msg_iovlen, msg_control, msg_controllen, msg_flags (an int).
 */
export function msghdrOffsets(word: 4 | 8) {
  return { name: 0, namelen: word, iov: 2 * word, iovlen: 3 * word, control: 4 * word, controllen: 5 * word, flags: 6 * word, size: 7 * word } as const;
}

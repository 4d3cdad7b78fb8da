// Opaque, time-ordered identifiers: a readable prefix, then a millisecond timestamp and randomness (base32).
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function newId(prefix: string, now = Date.now()): string {
  const time = now.toString(32).padStart(9, "0");
  return `${prefix}_${time}${base32(randomBytes(10))}`;
}

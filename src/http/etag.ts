// ETags carry a record's version; If-Match names the version a client read.
import { BadRequest } from "./errors.js";

export const etagOf = (record: { version: number }) => `"${record.version}"`;

/** The version an If-Match header names; undefined when absent or "*" (any version). */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new BadRequest(`If-Match must name a version as given in the ETag, e.g. "3"; got ${header}.`, {
      in: "headers",
      pointer: "/if-match",
      code: "invalid_etag",
      message: 'Expected an ETag such as "3".',
    });
  }
  return Number(match[1]);
}

// The service's secrets are made once per database and then only read, by every connection to it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { serviceSecret } from "../../src/db/queries/secrets.js";

describe("serviceSecret", () => {
  const folder = mkdtempSync(join(tmpdir(), "samskab-secrets-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const options = { bytes: 32, now: new Date("2026-02-01T12:00:00.000Z") };

  it("makes a random secret of the asked size once, and gives the same one to every connection after", () => {
    const path = join(folder, "shared.db");
    const [one, two] = [openDatabase(path), openDatabase(path)];
    let first: Buffer;
    try {
      first = serviceSecret(one.db, "cursor", options);
      expect(first).toHaveLength(32);
      expect(serviceSecret(two.db, "cursor", options)).toEqual(first);
      expect(serviceSecret(one.db, "cursor", options)).toEqual(first);
      expect(serviceSecret(one.db, "other", options)).not.toEqual(first);
    } finally {
      one.close();
      two.close();
    }
    const reopened = openDatabase(path);
    try {
      expect(serviceSecret(reopened.db, "cursor", options)).toEqual(first);
    } finally {
      reopened.close();
    }
  });

  it("differs between databases", () => {
    const [one, two] = [openDatabase(":memory:"), openDatabase(":memory:")];
    expect(serviceSecret(one.db, "cursor", options)).not.toEqual(serviceSecret(two.db, "cursor", options));
    one.close();
    two.close();
  });
});

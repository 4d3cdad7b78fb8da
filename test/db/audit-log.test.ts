// The audit log is append-only in the database itself: the triggers of migration 0008 refuse UPDATE and
// DELETE from any statement, not only from the service's code.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.js";
import { appendAuditEntry, keyNames, listAuditEntries } from "../../src/db/queries/audit.js";

const entry = (n: number, overrides: Partial<Parameters<typeof appendAuditEntry>[1]> = {}) => ({
  id: `aud_${n}`,
  at: `2026-03-0${n}T10:00:00.000Z`,
  actorKeyId: "key_staff",
  actorName: "Hjemmeplejen – planner",
  actorRole: "staff" as const,
  action: "lesson.update",
  resourceType: "lesson",
  resourceId: "les_1",
  organisationId: "org_a",
  versionBefore: n,
  versionAfter: n + 1,
  requestId: `req-${n}`,
  ...overrides,
});

describe("audit_log", () => {
  let database: Database;
  beforeEach(() => {
    database = openDatabase(":memory:");
  });
  afterEach(() => database.close());

  it("refuses UPDATE and DELETE of entries, whatever the statement", () => {
    appendAuditEntry(database.db, entry(1));
    const { sqlite } = database;
    expect(() => sqlite.prepare("UPDATE audit_log SET actor_name = 'someone else'").run()).toThrow(
      /append-only/,
    );
    expect(() => sqlite.prepare("UPDATE audit_log SET version_after = 9 WHERE id = 'aud_1'").run()).toThrow(
      /append-only/,
    );
    expect(() => sqlite.prepare("DELETE FROM audit_log WHERE id = 'aud_1'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect(sqlite.prepare("SELECT actor_name, version_after FROM audit_log").all()).toEqual([
      { actor_name: "Hjemmeplejen – planner", version_after: 2 },
    ]);
  });

  it("lists entries newest first, by resource, actor, time and organisation", () => {
    appendAuditEntry(database.db, entry(1));
    appendAuditEntry(database.db, entry(2, { actorKeyId: "key_manager", organisationId: "org_b" }));
    appendAuditEntry(database.db, entry(3, { resourceId: "les_2" }));
    const ids = (query: Partial<Parameters<typeof listAuditEntries>[1]>) =>
      listAuditEntries(database.db, { limit: 10, ...query }).map((row) => row.id);
    expect(ids({})).toEqual(["aud_3", "aud_2", "aud_1"]);
    expect(ids({ resourceId: "les_1" })).toEqual(["aud_2", "aud_1"]);
    expect(ids({ actorKeyId: "key_manager" })).toEqual(["aud_2"]);
    expect(ids({ since: "2026-03-02T10:00:00.000Z" })).toEqual(["aud_3", "aud_2"]);
    expect(ids({ organisationId: "org_a" })).toEqual(["aud_3", "aud_1"]);
    expect(ids({ beforeSeq: 3, limit: 1 })).toEqual(["aud_2"]);
  });

  it("names a key without a row in api_keys (the master key) by the name it wrote under", () => {
    appendAuditEntry(database.db, entry(1, { actorKeyId: "key_admin", actorName: "ADMIN_KEY (master key)" }));
    const names = keyNames(database.db, ["key_admin", "key_unknown"]);
    expect(Object.fromEntries(names)).toEqual({ key_admin: "ADMIN_KEY (master key)" });
  });
});

// The context profile rows of some units (their terms, in each unit's order): a filter by unitId reads its
// unit's profile on every request, so the statement is prepared once per connection, the ids going in as
// one JSON parameter whatever their number.
import { asc, inArray, sql } from "drizzle-orm";
import type { Tx } from "../database.js";
import { unitContext } from "../schema.js";

function statement(db: Tx) {
  return db
    .select({ unitId: unitContext.unitId, termId: unitContext.termId })
    .from(unitContext)
    .where(inArray(unitContext.unitId, sql`(SELECT value FROM json_each(${sql.placeholder("ids")}))`))
    .orderBy(asc(unitContext.unitId), asc(unitContext.position))
    .prepare();
}
const prepared = new WeakMap<Tx, ReturnType<typeof statement>>();

/** Each unit's context terms, ordered by unit and then by position in its profile. */
export function unitContextRows(db: Tx, unitIds: readonly string[]): { unitId: string; termId: string }[] {
  if (unitIds.length === 0) return [];
  let rows = prepared.get(db);
  if (!rows) {
    rows = statement(db);
    prepared.set(db, rows);
  }
  return rows.all({ ids: JSON.stringify(unitIds) });
}

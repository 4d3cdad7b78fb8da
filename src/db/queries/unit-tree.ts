// The unit tree as the access rules need it (each unit's organisation and parent), and a stamp that
// changes whenever a unit is created or changed, so the rules' derived forms know when to read it again.
import { sql } from "drizzle-orm";
import type { Tx } from "../database.js";
import { units } from "../schema.js";

export type UnitTreeRow = { id: string; organisationId: string; parentId: string | null };

/** Every unit with its organisation and parent. */
export function unitTree(db: Tx): UnitTreeRow[] {
  return db
    .select({ id: units.id, organisationId: units.organisationId, parentId: units.parentId })
    .from(units)
    .all();
}

function stampStatement(db: Tx) {
  return db
    .select({ n: sql<number>`count(*)`, versions: sql<number>`coalesce(sum(${units.version}), 0)` })
    .from(units)
    .prepare();
}
/** Prepared once per connection: the filter asks for the stamp on every request (about 0.4 ms to build). */
const stampStatements = new WeakMap<Tx, ReturnType<typeof stampStatement>>();

/** How many units there are and the sum of their versions: any create or update changes it. */
export function unitTreeStamp(db: Tx): string {
  let statement = stampStatements.get(db);
  if (!statement) {
    statement = stampStatement(db);
    stampStatements.set(db, statement);
  }
  const row = statement.get();
  return `${row?.n ?? 0}:${row?.versions ?? 0}`;
}

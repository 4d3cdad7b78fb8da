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

/** How many units there are and the sum of their versions: any create or update changes it. */
export function unitTreeStamp(db: Tx): string {
  const row = db
    .select({ n: sql<number>`count(*)`, versions: sql<number>`coalesce(sum(${units.version}), 0)` })
    .from(units)
    .get();
  return `${row?.n ?? 0}:${row?.versions ?? 0}`;
}

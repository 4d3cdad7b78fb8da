// The service's own keys, made once and kept in the database so that what they sign survives restarts.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { serviceSecrets } from "../schema.js";

/**
 * The secret named `name`, created with `bytes` random bytes if there is none yet. The insert yields to
 * an existing row and the read follows in the same transaction, so processes starting at once agree.
 */
export function serviceSecret(db: Db, name: string, { bytes, now }: { bytes: number; now: Date }): Buffer {
  return db.transaction(
    (tx) => {
      tx.insert(serviceSecrets)
        .values({ name, value: randomBytes(bytes).toString("base64"), createdAt: now.toISOString() })
        .onConflictDoNothing({ target: serviceSecrets.name })
        .run();
      const stored = tx
        .select({ value: serviceSecrets.value })
        .from(serviceSecrets)
        .where(eq(serviceSecrets.name, name))
        .get();
      if (!stored) throw new Error(`The secret '${name}' was neither found nor created.`);
      return Buffer.from(stored.value, "base64");
    },
    { behavior: "immediate" },
  );
}

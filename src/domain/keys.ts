// API keys: issuing (the key is shown once; only its SHA-256 is kept), listing without secrets, revoking,
// and turning a presented key into the principal it stands for (DESIGN.md, "Access").
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "../db/database.js";
import {
  hasUsableAdminKey,
  insertKey,
  type KeyFilter,
  keyByHash,
  keyById,
  keyRows,
  revokeKey,
  type StoredKey,
} from "../db/queries/keys.js";
import { apiKeys } from "../db/schema.js";
import { type Role, SCOPES, type Scope } from "../words.js";
import type { Principal } from "./access.js";
import { type Clock, isoNow } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { type FieldProblem, NotFound, Unprocessable } from "./errors.js";
import { newId } from "./ids.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs, a pasted chat line). */
export const KEY_PREFIX = "smk_";
/** 256 bits of randomness: out of reach of guessing, so a fast hash (SHA-256) is enough to store it. */
export const KEY_RANDOM_BYTES = 32;
/** How much of a key is kept in clear to tell keys apart in lists: the prefix and 8 characters. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 8;

export type KeyInput = {
  name: string;
  role: Role;
  unitId?: string | null | undefined;
  organisationId?: string | null | undefined;
  scopes?: readonly Scope[] | undefined;
  expiresAt?: string | null | undefined;
};

/** A key as listed: everything but the secret. */
export type KeyView = {
  id: string;
  prefix: string;
  name: string;
  role: Role;
  organisationId: string | null;
  unitId: string | null;
  scopes: Scope[];
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
};

/** A key as issued: the view and, this once, the key itself. */
export type IssuedKey = KeyView & { key: string };

export type Authentication =
  | { ok: true; principal: Principal & { kind: "key" } }
  | { ok: false; reason: "unknown" | "revoked" | "expired" };

export type KeyService = ReturnType<typeof createKeyService>;

/** Who issues or revokes a key, in which request (the audit log's actor). */
export type KeyActor = { principal: Principal; requestId?: string | null | undefined };

/** The part of the audit log the key service writes to (domain/audit.ts), inside its transaction. */
export type KeyAudit = {
  append(
    tx: Tx,
    entry: {
      actor: KeyActor;
      action: "key.issue" | "key.revoke";
      resourceType: "key";
      resourceId: string;
      organisationId: string | null;
    },
  ): void;
};

/** SHA-256 of a key, hex: what is stored and looked up. */
export function keyHash(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(KEY_RANDOM_BYTES).toString("base64url")}`;
}

export function createKeyService({
  db,
  clock,
  cursors,
  places,
  audit,
}: {
  db: Db;
  clock: Clock;
  cursors: CursorCodec;
  /** Where issuing and revoking are logged; a key issued without an actor (seed, CLI) is not. */
  audit?: KeyAudit | undefined;
  /** The unit and organisation lookups a key's place is checked against. */
  places: {
    unitOrganisation(unitId: string): string | undefined;
    organisationExists(organisationId: string): boolean;
  };
}) {
  const log = (tx: Tx, actor: KeyActor, action: "key.issue" | "key.revoke", row: StoredKey) =>
    audit?.append(tx, {
      actor,
      action,
      resourceType: "key",
      resourceId: row.id,
      organisationId: row.organisationId,
    });

  return {
    /**
     * Issues a key for `input`. `options.key` sets a known key (the demo keys); otherwise a random one.
     * Throws Unprocessable naming every field that does not fit the role.
     */
    issue(input: KeyInput, options: { id?: string; key?: string } = {}, actor?: KeyActor): IssuedKey {
      const place = placeOf(input, places);
      const key = options.key ?? generateKey();
      const row: StoredKey = {
        id: options.id ?? newId("key"),
        name: input.name,
        role: input.role,
        organisationId: place.organisationId,
        unitId: place.unitId,
        scopes: [...(input.scopes ?? [])],
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        hash: keyHash(key),
        createdBy: actor?.principal.kind === "key" ? actor.principal.keyId : null,
        createdAt: isoNow(clock),
        expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
        revokedAt: null,
      };
      checkExpiry(row.expiresAt, clock);
      db.transaction((tx) => {
        insertKey(tx, row);
        if (actor) log(tx, actor, "key.issue", row);
      });
      return { ...viewOf(row), key };
    },

    list(request: PageRequest & KeyFilter): Page<KeyView> {
      const limit = pageSize(request.limit);
      const signed = { codec: cursors, scope: requestScope("keys", request) };
      const { after, orderBy } = keyset(apiKeys, request.cursor, signed);
      const rows = keyRows(db, {
        after,
        orderBy,
        limit,
        role: request.role,
        organisationId: request.organisationId,
      });
      return toPage(rows, limit, signed, viewOf);
    },

    get(id: string): KeyView {
      const row = keyById(db, id);
      if (!row) throw new NotFound("key", id);
      return viewOf(row);
    },

    exists(id: string): boolean {
      return keyById(db, id) !== undefined;
    },

    /** Revokes a key at once: the next request with it is refused. Revoking twice keeps (and logs) the first. */
    revoke(id: string, actor?: KeyActor): KeyView {
      return db.transaction((tx) => {
        const found = keyById(tx, id);
        if (!found) throw new NotFound("key", id);
        if (found.revokedAt !== null) return viewOf(found);
        revokeKey(tx, id, isoNow(clock));
        if (actor) log(tx, actor, "key.revoke", found);
        return viewOf(keyById(tx, id)!);
      });
    },

    /** Who presents `key`: the key's principal, or why it is refused. */
    authenticate(key: string): Authentication {
      const row = keyByHash(db, keyHash(key));
      if (!row) return { ok: false, reason: "unknown" };
      if (row.revokedAt !== null) return { ok: false, reason: "revoked" };
      if (row.expiresAt !== null && row.expiresAt <= isoNow(clock)) return { ok: false, reason: "expired" };
      return { ok: true, principal: principalOf(row) };
    },

    /** Is there a stored admin key that works now? (Without one and without ADMIN_KEY, nobody can administer.) */
    hasUsableAdminKey(): boolean {
      return hasUsableAdminKey(db, isoNow(clock));
    },
  };
}

export function principalOf(row: StoredKey): Principal & { kind: "key" } {
  return {
    kind: "key",
    keyId: row.id,
    name: row.name,
    role: row.role,
    organisationId: row.organisationId,
    unitId: row.unitId,
    scopes: row.scopes,
  };
}

function viewOf(row: StoredKey): KeyView {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    role: row.role,
    organisationId: row.organisationId,
    unitId: row.unitId,
    scopes: row.scopes as Scope[],
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

function checkExpiry(expiresAt: string | null, clock: Clock) {
  if (expiresAt !== null && expiresAt <= isoNow(clock)) {
    throw new Unprocessable([
      { pointer: "/expiresAt", code: "in_the_past", message: "A key must expire in the future." },
    ]);
  }
}

/**
 * Where a key belongs, by its role: staff a unit; manager a unit or an organisation; integration an
 * organisation, with scopes; admin the installation (neither). A unit's organisation is derived.
 */
export function placeOf(
  input: KeyInput,
  places: {
    unitOrganisation(unitId: string): string | undefined;
    organisationExists(organisationId: string): boolean;
  },
): { unitId: string | null; organisationId: string | null } {
  const problems: FieldProblem[] = [];
  const unitId = input.unitId ?? null;
  let organisationId = input.organisationId ?? null;
  const needs = (pointer: string, message: string) => problems.push({ pointer, code: "required", message });
  const refuses = (pointer: string, message: string) =>
    problems.push({ pointer, code: "not_allowed", message });

  const rule = PLACE_RULES[input.role];
  if (rule.unit === "required" && unitId === null) needs("/unitId", `A ${input.role} key belongs to a unit.`);
  if (rule.unit === "forbidden" && unitId !== null)
    refuses("/unitId", `A ${input.role} key does not belong to a unit.`);
  if (rule.organisation === "forbidden" && organisationId !== null)
    refuses("/organisationId", `A ${input.role} key does not belong to an organisation.`);
  if (rule.organisation === "required" && organisationId === null)
    needs("/organisationId", `A ${input.role} key belongs to an organisation.`);
  if (rule.either && unitId === null && organisationId === null)
    needs(
      "/unitId",
      `A ${input.role} key belongs to a unit or an organisation: give unitId or organisationId.`,
    );
  if (input.role === "integration" && (input.scopes ?? []).length === 0)
    needs("/scopes", `An integration key needs at least one scope (${SCOPES.join(", ")}).`);
  if (input.role !== "integration" && (input.scopes ?? []).length > 0)
    refuses(
      "/scopes",
      `Only integration keys carry scopes; a ${input.role} key's rights come from its role.`,
    );

  if (problems.length === 0 && unitId !== null) {
    const owner = places.unitOrganisation(unitId);
    if (owner === undefined)
      problems.push({
        pointer: "/unitId",
        code: "unknown_reference",
        message: `No unit with id '${unitId}'.`,
      });
    else if (organisationId !== null && organisationId !== owner)
      problems.push({
        pointer: "/organisationId",
        code: "mismatch",
        message: `Unit '${unitId}' belongs to '${owner}', not '${organisationId}'; leave organisationId out.`,
      });
    else organisationId = owner;
  } else if (problems.length === 0 && organisationId !== null && !places.organisationExists(organisationId)) {
    problems.push({
      pointer: "/organisationId",
      code: "unknown_reference",
      message: `No organisation with id '${organisationId}'.`,
    });
  }
  if (problems.length > 0) throw new Unprocessable(problems);
  return { unitId, organisationId };
}

type PlaceRule = {
  unit: "required" | "allowed" | "forbidden";
  organisation: "required" | "allowed" | "forbidden";
  either?: true;
};
const PLACE_RULES: Record<Role, PlaceRule> = {
  staff: { unit: "required", organisation: "allowed" },
  manager: { unit: "allowed", organisation: "allowed", either: true },
  integration: { unit: "forbidden", organisation: "required" },
  admin: { unit: "forbidden", organisation: "forbidden" },
};

// npm run keys -- create --role admin --name ops | list | revoke <id>: API keys from the command line, for a
// fresh installation (before any admin key exists) and for operators. The key is printed once; only its
// SHA-256 is stored. Works on DATABASE_PATH, like the service.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { DomainError } from "../domain/errors.js";
import type { KeyInput, KeyService } from "../domain/keys.js";
import { createServices } from "../domain/services.js";
import { ROLES, type Role, SCOPES, type Scope } from "../words.js";

export const USAGE = `usage:
  npm run keys -- create --role <${ROLES.join("|")}> --name <name> [--unit <unitId>] [--organisation <organisationId>]
                         [--scope <${SCOPES.join("|")}>]... [--expires <ISO 8601 time>]
  npm run keys -- list [--role <role>] [--organisation <organisationId>]
  npm run keys -- revoke <keyId>`;

/**
 * Runs one keys command against `keys`, writing what it says through `print`; returns the exit code
 * (0 done, 1 refused by a rule, 2 a usage error).
 */
export function keysCommand(
  argv: readonly string[],
  keys: Pick<KeyService, "issue" | "list" | "revoke">,
  print: { out(line: string): void; err(line: string): void },
): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    print.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { command, values, ids } = parsed;
  try {
    if (command === "create") {
      const issued = keys.issue(createInput(values));
      print.out(`key ${issued.key}`);
      print.out(
        `id ${issued.id} · role ${issued.role} · ${placeText(issued)}${issued.scopes.length ? ` · scopes ${issued.scopes.join(", ")}` : ""}${issued.expiresAt ? ` · expires ${issued.expiresAt}` : ""}`,
      );
      print.out("Keep the key now: it is not shown again (only its hash is stored).");
      return 0;
    }
    if (command === "list") {
      let cursor: string | undefined;
      do {
        const page = keys.list({
          role: values.role as Role | undefined,
          organisationId: values.organisation,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        for (const key of page.items) {
          const state = key.revokedAt
            ? `revoked ${key.revokedAt}`
            : key.expiresAt
              ? `expires ${key.expiresAt}`
              : "active";
          print.out(`${key.id}  ${key.prefix}…  ${key.role}  ${placeText(key)}  ${state}  ${key.name}`);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return 0;
    }
    const revoked = keys.revoke(ids[0]!);
    print.out(`revoked ${revoked.id} (${revoked.name}) at ${revoked.revokedAt}`);
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    print.err(error.message);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  const [command, ...rest] = argv;
  if (command !== "create" && command !== "list" && command !== "revoke") {
    throw new Error(command ? `Unknown command '${command}'.` : "Name a command.");
  }
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: command === "revoke",
    options: {
      role: { type: "string" },
      name: { type: "string" },
      unit: { type: "string" },
      organisation: { type: "string" },
      scope: { type: "string", multiple: true },
      expires: { type: "string" },
    },
  });
  if (values.role !== undefined && !(ROLES as readonly string[]).includes(values.role))
    throw new Error(`--role must be one of ${ROLES.join(", ")}.`);
  for (const scope of values.scope ?? [])
    if (!(SCOPES as readonly string[]).includes(scope))
      throw new Error(`--scope must be one of ${SCOPES.join(", ")}.`);
  if (command === "create" && (!values.role || !values.name))
    throw new Error("create needs --role and --name.");
  if (values.expires !== undefined && Number.isNaN(Date.parse(values.expires)))
    throw new Error("--expires must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z.");
  if (command === "revoke" && positionals.length !== 1) throw new Error("revoke needs one key id.");
  return { command, values, ids: positionals };
}

function createInput(values: ReturnType<typeof parse>["values"]): KeyInput {
  return {
    name: values.name!,
    role: values.role as Role,
    unitId: values.unit,
    organisationId: values.organisation,
    scopes: values.scope as Scope[] | undefined,
    expiresAt: values.expires,
  };
}

function placeText(key: { unitId: string | null; organisationId: string | null }): string {
  if (key.unitId) return `unit ${key.unitId}`;
  return key.organisationId ? `organisation ${key.organisationId}` : "the installation";
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const database = openDatabase(config.databasePath);
  try {
    const { keys } = createServices({ database });
    process.exitCode = keysCommand(process.argv.slice(2), keys, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  } finally {
    database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

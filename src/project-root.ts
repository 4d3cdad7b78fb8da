// Finds the project folder (where package.json, migrations/ and seed/ live) from src/ or dist/ alike.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("samskab: cannot find the project folder (no package.json above)");
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot();
export const migrationsFolder = join(projectRoot, "migrations");
export const seedFolder = join(projectRoot, "seed");

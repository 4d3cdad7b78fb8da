// npm run seed [demo|vocabulary]: loads the seed data into DATABASE_PATH on demand. Idempotent.
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { databaseHolder } from "../db/service-lock.js";
import { createServices } from "../domain/services.js";
import { loadSeed } from "../seed/load.js";

const mode = process.argv[2] ?? "demo";
if (mode !== "demo" && mode !== "vocabulary") {
  console.error(`usage: npm run seed [demo|vocabulary]   (got '${mode}')`);
  process.exit(2);
}
const config = loadConfig();
const holder = databaseHolder(config.databasePath);
if (holder !== undefined) {
  console.error(
    `A running samskab (pid ${holder}) serves ${config.databasePath}: seeding under it would race it for the write lock. Stop it first (the service seeds at start with SEED=${mode}), or seed another DATABASE_PATH.`,
  );
  process.exit(1);
}
const database = openDatabase(config.databasePath);
try {
  const report = loadSeed(createServices({ database }), database, mode);
  console.log(`seeded ${config.databasePath} (${mode}): ${JSON.stringify(report)}`);
} finally {
  database.close();
}

// npm run openapi: writes the OpenAPI document generated from the route schemas to openapi/openapi.json.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp } from "../app.js";
import { projectRoot } from "../project-root.js";

export async function generateOpenApi(): Promise<string> {
  const app = await buildApp({
    config: {
      databasePath: ":memory:",
      logLevel: "silent",
      seed: "none",
      bodyLimitBytes: 1024 * 1024,
      // a tool: nothing to deliver
      webhooks: { worker: false },
    },
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = join(projectRoot, "openapi", "openapi.json");
  writeFileSync(file, await generateOpenApi());
  console.log(`wrote ${file}`);
}

// A child process for the kill -9 test: opens the app on the database file in argv[2] with the webhook
// worker off (the gap between a commit and its delivery), publishes the lesson in argv[4] (JSON) with
// the admin key in argv[3], prints `published <id>`, and waits to be killed.
import { buildApp } from "../../src/app.js";

const [databasePath, adminKey, body] = process.argv.slice(2) as [string, string, string];
const app = await buildApp({
  config: {
    databasePath,
    logLevel: "silent",
    seed: "vocabulary",
    bodyLimitBytes: 1024 * 1024,
    adminKey,
    webhooks: { worker: false },
  },
});
await app.ready();
const response = await app.inject({
  method: "POST",
  url: "/v1/lessons",
  headers: { authorization: `Bearer ${adminKey}` },
  payload: JSON.parse(body) as Record<string, unknown>,
});
if (response.statusCode !== 201) {
  console.error(response.body);
  process.exit(1);
}
console.log(`published ${(JSON.parse(response.body) as { id: string }).id}`);
setInterval(() => {}, 60_000);

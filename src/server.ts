// Entry point: load the configuration, build the app, listen, and shut down gracefully on SIGINT/SIGTERM.
import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { holdDatabase } from "./db/service-lock.js";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // other tools (npm run seed) see that this process serves the database, and leave it alone
  const hold = holdDatabase(config.databasePath);
  const app = await buildApp({ config });
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, "shutting down after an error");
    else app.log.info({ signal }, "shutting down");
    await app.close();
    hold.release();
  });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`samskab is ready: API docs at http://${config.host}:${config.port}/docs`);
}

await main();

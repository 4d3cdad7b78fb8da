// buildApp: the composition root. Opens the database, wires the domain services, registers the error
// handler, the OpenAPI document and every route. It never listens: src/server.ts does.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fastifyAccepts from "@fastify/accepts";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "./config.js";
import { type Database, openDatabase } from "./db/database.js";
import type { Clock } from "./domain/clock.js";
import { createServices, type Services } from "./domain/services.js";
import { problemDetails } from "./http/errors.js";
import { openApi } from "./http/openapi.js";
import { digestRoutes } from "./http/routes/digest.js";
import { directoryRoutes } from "./http/routes/directory.js";
import { evidenceMapRoutes } from "./http/routes/evidence-map.js";
import { filterRoutes } from "./http/routes/filter.js";
import { lessonRoutes } from "./http/routes/lessons.js";
import { maturityRoutes } from "./http/routes/maturity.js";
import { operationsRoutes } from "./http/routes/operations.js";
import { vocabularyRoutes } from "./http/routes/vocabularies.js";
import { projectRoot } from "./project-root.js";
import { seedDatabase } from "./seed/load.js";

declare module "fastify" {
  interface FastifyInstance {
    services: Services;
    database: Database;
  }
}

export type BuildOptions = {
  config: Pick<Config, "databasePath" | "logLevel" | "seed" | "bodyLimitBytes"> & {
    ranking?: Config["ranking"];
    cursorSecret?: Config["cursorSecret"];
  };
  clock?: Clock;
};

const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as {
  version: string;
};

export async function buildApp({ config, clock }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // only JSON bodies are accepted: text/plain would otherwise reach validation as a string
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser(
    "application/merge-patch+json",
    { parseAs: "string" },
    app.getDefaultJsonParser("error", "error"),
  );

  const database = openDatabase(config.databasePath);
  app.decorate("database", database);
  app.addHook("onClose", async () => database.close());
  const services = createServices({
    database,
    ...(clock ? { clock } : {}),
    ...(config.ranking ? { ranking: config.ranking } : {}),
    cursorSecret: config.cursorSecret,
  });
  app.decorate("services", services);
  seedDatabase(services, database, config.seed, app.log);

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(fastifyAccepts);
  await app.register(problemDetails);
  await app.register(openApi, { version });
  await app.register(operationsRoutes);
  await app.register(vocabularyRoutes);
  await app.register(directoryRoutes);
  await app.register(lessonRoutes);
  await app.register(filterRoutes);
  await app.register(digestRoutes);
  await app.register(evidenceMapRoutes);
  await app.register(maturityRoutes);
  return app;
}

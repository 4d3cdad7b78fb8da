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
import type { Resolve } from "./domain/webhooks/target.js";
import { authentication } from "./http/auth.js";
import { busyRetry } from "./http/busy-retry.js";
import { clientErrorHandler, frameworkErrors, problemDetails } from "./http/errors.js";
import { serializeRequest } from "./http/logging.js";
import { openApi } from "./http/openapi.js";
import { protection } from "./http/protection.js";
import { auditRoutes } from "./http/routes/audit.js";
import { digestRoutes } from "./http/routes/digest.js";
import { directoryRoutes } from "./http/routes/directory.js";
import { escalationRoutes } from "./http/routes/escalations.js";
import { evidenceMapRoutes } from "./http/routes/evidence-map.js";
import { filterRoutes } from "./http/routes/filter.js";
import { keyRoutes } from "./http/routes/keys.js";
import { lessonRoutes } from "./http/routes/lessons.js";
import { maturityRoutes } from "./http/routes/maturity.js";
import { operationsRoutes } from "./http/routes/operations.js";
import { routineRoutes } from "./http/routes/routines.js";
import { vocabularyRoutes } from "./http/routes/vocabularies.js";
import { webhookRoutes } from "./http/routes/webhooks.js";
import { setPersonalDataPolicy } from "./http/schemas/common.js";
import { strictQueries } from "./http/strict-query.js";
import { projectRoot } from "./project-root.js";
import { announceDemoKeys, seedDatabase } from "./seed/load.js";

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
    adminKey?: Config["adminKey"];
    /** Off (0) unless given: tests and benchmarks make many requests from one address. */
    /** reject unless given */
    personalData?: Config["personalData"];
    rateLimitPerMinute?: Config["rateLimitPerMinute"];
    corsOrigins?: Config["corsOrigins"];
    /** How webhooks deliver; the defaults for what is not given (`worker: false` for tools). */
    webhooks?: Partial<Config["webhooks"]>;
  };
  clock?: Clock;
  /** How webhook hosts resolve (tests inject one that opens no connection); dns.lookup otherwise. */
  resolve?: Resolve;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
};

const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as {
  version: string;
};

/** A client's request id when it is short and plain (letters, digits, `._:-`, up to 128), else a new UUID. */
export function requestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  const sent = request.headers["x-request-id"];
  return typeof sent === "string" && /^[A-Za-z0-9._:-]{1,128}$/.test(sent) ? sent : randomUUID();
}

export async function buildApp({
  config,
  clock,
  logStream,
  resolve,
}: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // keys never reach the logs, also if someone logs a request's headers
      redact: { paths: ["req.headers.authorization", "headers.authorization"], censor: "[redacted]" },
      // nor do query values: a question may hold a personal number
      serializers: { req: serializeRequest },
      ...(logStream ? { stream: logStream } : {}),
    },
    bodyLimit: config.bodyLimitBytes,
    // a client's x-request-id is kept only when short and plain; anything else gets a fresh id
    requestIdHeader: false,
    // errors raised before a route is found, or by Node's parser, are problem+json too
    frameworkErrors,
    clientErrorHandler,
    genReqId: requestId,
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

  // the installation's one policy for personal data in stored text (the schemas read it)
  setPersonalDataPolicy(config.personalData ?? "reject");
  const database = openDatabase(config.databasePath);
  app.decorate("database", database);
  app.addHook("onClose", async () => {
    try {
      // the in-memory search index, for the next start (when the database is a file)
      services.search.saveSnapshot();
    } catch (err) {
      app.log.warn({ err }, "could not save the search index for the next start");
    } finally {
      database.close();
    }
  });
  const services = createServices({
    database,
    ...(clock ? { clock } : {}),
    ...(config.ranking ? { ranking: config.ranking } : {}),
    cursorSecret: config.cursorSecret,
    webhookSettings: config.webhooks,
    resolve,
  });
  app.decorate("services", services);
  // the webhook worker (and routine scheduler) runs while the app is up; it stops before the database closes
  app.addHook("onReady", async () => services.webhookWorker.start(app.log));
  app.addHook("preClose", async () => services.webhookWorker.stop());
  seedDatabase(services, database, config.seed, app.log);
  announceDemoKeys(services, config.seed, app.log);
  warnWithoutAdmin(app, config.adminKey);

  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    done(null, payload);
  });

  await app.register(fastifyAccepts);
  await app.register(problemDetails);
  // security headers, CORS and rate limits come before authentication: a preflight needs no key
  await app.register(protection, {
    rateLimitPerMinute: config.rateLimitPerMinute ?? 0,
    corsOrigins: config.corsOrigins ?? [],
  });
  // before the routes: it wraps each handler to wait out another process's write lock without blocking
  await app.register(busyRetry);
  // before the routes too: every route's query schema refuses parameters it does not know
  await app.register(strictQueries);
  await app.register(authentication, { adminKey: config.adminKey, keys: services.keys });
  await app.register(openApi, { version });
  await app.register(operationsRoutes);
  await app.register(vocabularyRoutes);
  await app.register(directoryRoutes);
  await app.register(lessonRoutes);
  await app.register(filterRoutes);
  await app.register(digestRoutes);
  await app.register(evidenceMapRoutes);
  await app.register(maturityRoutes);
  await app.register(escalationRoutes);
  await app.register(auditRoutes);
  await app.register(keyRoutes);
  await app.register(webhookRoutes);
  await app.register(routineRoutes);
  return app;
}

/** Without ADMIN_KEY and without a stored admin key nobody can administer: the service says how to fix it. */
function warnWithoutAdmin(app: FastifyInstance, adminKey: string | undefined) {
  if (adminKey !== undefined || app.services.keys.hasUsableAdminKey()) return;
  app.log.warn(
    "No admin key: ADMIN_KEY is not set and no admin key is stored, so only public lessons are served. " +
      "Set ADMIN_KEY to a secret of at least 32 characters (e.g. ADMIN_KEY=$(openssl rand -base64 32) npm start), " +
      "or issue one with `npm run keys -- create --role admin --name ops`.",
  );
}

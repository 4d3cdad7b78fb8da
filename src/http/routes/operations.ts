// /health (the process is up) and /ready (the database answers and the vocabulary index is loaded).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ServiceUnavailable } from "../errors.js";
import { problemResponses } from "../schemas/common.js";

const Ready = z.object({
  status: z.literal("ready"),
  checks: z.object({ database: z.literal("ok"), vocabularyIndex: z.object({ terms: z.number().int() }) }),
});

export const operationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    {
      config: { access: "public" },
      schema: {
        tags: ["operations"],
        operationId: "health",
        summary: "Liveness",
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/ready",
    {
      config: { access: "public" },
      schema: {
        tags: ["operations"],
        operationId: "ready",
        summary: "Readiness: the database answers and the in-memory indexes are loaded",
        response: { 200: Ready, ...problemResponses(503) },
      },
    },
    async (request) => {
      let problem: string | undefined;
      try {
        app.database.sqlite.prepare("select 1").get();
      } catch (error) {
        request.log.error({ err: error }, "readiness: database check failed");
        problem = "The database does not answer.";
      }
      if (!problem && app.services.vocabulary.index.size !== app.services.vocabulary.termCount()) {
        problem = "The vocabulary index is not loaded.";
      }
      if (problem) throw new ServiceUnavailable(problem);
      return {
        status: "ready" as const,
        checks: { database: "ok" as const, vocabularyIndex: { terms: app.services.vocabulary.termCount() } },
      };
    },
  );
};

// Unknown query parameters are 400, naming them, on every route: `GET /v1/lessons?unit=…` must not
// answer as if it had been filtered. A route's query schema is made strict here (one rule for all
// routes, rather than `strictObject` remembered in each schema); a route without one gets an empty
// strict schema. Schemas that take open-ended names on purpose (the evidence map's `filter.<facet>`)
// declare a catchall and check those names themselves.
import fp from "fastify-plugin";
import { z } from "zod";

const NO_PARAMETERS = z.strictObject({});

/** The query schema a route validates with: strict unless it declares a catchall. */
export function strictQuery(schema: unknown): unknown {
  if (schema === undefined) return NO_PARAMETERS;
  if (schema instanceof z.ZodObject && schema._zod.def.catchall === undefined) return schema.strict();
  return schema;
}

export const strictQueries = fp(
  async (app) => {
    app.addHook("onRoute", (route) => {
      // the API's own routes; /docs' static files are the UI's business
      if (!route.url.startsWith("/v1/") && route.url !== "/health" && route.url !== "/ready") return;
      route.schema = { ...route.schema, querystring: strictQuery(route.schema?.querystring) };
    });
  },
  { name: "strict-queries" },
);

// The OpenAPI 3.1 document, generated from the routes' zod schemas, served at /openapi.json with a
// browsable reference at /docs. Error replies are documented as application/problem+json.
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { PROBLEM_CONTENT_TYPE } from "./errors.js";

type OpenApiDocument = ReturnType<typeof jsonSchemaTransformObject>;
type Responses = Record<string, { content?: Record<string, unknown> }>;

/**
 * Moves every 4xx/5xx reply's schema to application/problem+json, from application/json or from the
 * one type a route produces (a feed): errors are problem documents whatever the success is.
 */
function problemContentTypes(document: OpenApiDocument): OpenApiDocument {
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      const responses = (operation as { responses?: Responses } | undefined)?.responses;
      for (const [status, response] of Object.entries(responses ?? {})) {
        const json = response.content?.["application/json"] ?? Object.values(response.content ?? {})[0];
        if (Number(status) >= 400 && json) response.content = { [PROBLEM_CONTENT_TYPE]: json };
      }
    }
  }
  return document;
}

/**
 * Drops component schemas nothing refers to: the zod provider emits every registered schema twice
 * (as request and reply), and most are used only one way.
 */
function withoutUnusedSchemas(document: OpenApiDocument): OpenApiDocument {
  const schemas =
    (document as { components?: { schemas?: Record<string, unknown> } }).components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")) {
          const name = value.slice("#/components/schemas/".length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(value);
      }
    }
  };
  visit(document.paths);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  return document;
}

export const openApi = fp(
  async (app: FastifyInstance, options: { version: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "samskab",
          version: options.version,
          description:
            "Organisational learning from co-production: log Context–Mechanism–Outcome lessons, find the ones relevant to your own unit's context, and see why co-production worked. Errors are RFC 9457 problem documents.",
          license: { name: "MIT", identifier: "MIT" },
        },
        tags: [
          {
            name: "lessons",
            description: "Context–Mechanism–Outcome lessons and their adaptations by other units",
          },
          {
            name: "filter",
            description: "Lessons relevant to your own context: ranked search with facets, and suggestions",
          },
          { name: "organisations", description: "Municipalities, regions and third-sector bodies" },
          { name: "units", description: "Departments, services and teams, with their context profiles" },
          { name: "vocabularies", description: "Facets and their controlled terms" },
          { name: "initiatives", description: "Co-production activities on the maturity ladder" },
          { name: "maturity", description: "Where a unit or organisation stands on the maturity ladder" },
          { name: "digests", description: "Why it worked: matching lessons condensed per mechanism" },
          { name: "maps", description: "Evidence maps: where evidence is thick and where it is missing" },
          { name: "operations", description: "Health and readiness" },
          { name: "keys", description: "API keys: issue, list and revoke (admin)" },
        ],
        components: {
          securitySchemes: {
            bearer: {
              type: "http",
              scheme: "bearer",
              description:
                "An API key: `Authorization: Bearer smk_…` (issued by POST /v1/keys, or the installation's ADMIN_KEY). Each operation says which role it needs; reads of public lessons need none.",
            },
          },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: (input) => withoutUnusedSchemas(problemContentTypes(jsonSchemaTransformObject(input))),
    });
    // the reference is open to anyone: every route of the docs UI (its pages and assets) is public
    await app.register(async (docs) => {
      docs.addHook("onRoute", (route) => {
        route.config = { ...route.config, access: "public" };
      });
      await docs.register(swaggerUi, { routePrefix: "/docs" });
    });
    app.get("/openapi.json", { schema: { hide: true }, config: { access: "public" } }, async () =>
      app.swagger(),
    );
  },
  { name: "openapi" },
);

// The checked-in contract (openapi/openapi.json) must equal what the code generates, and be valid OpenAPI 3.1.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { generateOpenApi } from "../../src/cli/export-openapi.js";
import { projectRoot } from "../../src/project-root.js";

const checkedIn = readFileSync(join(projectRoot, "openapi", "openapi.json"), "utf8");

describe("the OpenAPI document", () => {
  it("on disk matches the one generated from the route schemas (run `npm run openapi` after changing them)", async () => {
    expect(await generateOpenApi()).toBe(checkedIn);
  });

  it("validates as OpenAPI 3.1", async () => {
    const document = JSON.parse(checkedIn);
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every error reply as application/problem+json and gives every operation an id", () => {
    const document = JSON.parse(checkedIn) as {
      paths: Record<
        string,
        Record<
          string,
          { operationId?: string; responses: Record<string, { content?: Record<string, unknown> }> }
        >
      >;
    };
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[a-zA-Z]+$/);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400)
          expect(Object.keys(response.content ?? {})).toEqual(["application/problem+json"]);
      }
    }
  });
});

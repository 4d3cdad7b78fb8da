// A question typed into a query string may hold a personal number: the request log keeps the path and
// the parameter names, never their values.
import { describe, expect, it } from "vitest";
import { withoutQueryValues } from "../../src/http/logging.js";
import { buildTestApp } from "../helpers/app.js";

describe("the request log", () => {
  it("never contains a query value, such as a CPR number in q", async () => {
    const lines: string[] = [];
    const app = await buildTestApp({ logStream: { write: (line) => void lines.push(line) } });
    try {
      const cpr = "010190-1234";
      const response = await app.inject({ method: "GET", url: `/v1/suggest?q=${cpr}&lang=da` });
      expect(response.statusCode).toBe(200);
      const text = lines.join("");
      expect(text).toContain("/v1/suggest?q=…&lang=…");
      expect(text).not.toContain(cpr);
      expect(text).not.toContain("0101901234");
    } finally {
      await app.close();
    }
  });

  it("leaves paths alone and replaces every value", () => {
    expect(withoutQueryValues("/v1/lessons/les_1")).toBe("/v1/lessons/les_1");
    expect(withoutQueryValues("/v1/maps/evidence?rows=mechanism&filter.serviceArea=a,b&q=ida%40x.dk")).toBe(
      "/v1/maps/evidence?rows=…&filter.serviceArea=…&q=…",
    );
  });
});

// Errors raised before a route runs — by Fastify's router or by Node's HTTP parser — are problem+json
// like every other error; a client's request id is kept only when short and plain.
import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "../helpers/app.js";

/** Sends raw bytes to the server and returns what came back before it closed (bounded wait). */
function rawRequest(
  port: number,
  request: string,
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let received = "";
    const done = () => {
      const [head = "", ...rest] = received.split("\r\n\r\n");
      resolve({
        status: Number(head.split(" ")[1]),
        headers: head.toLowerCase(),
        body: rest.join("\r\n\r\n"),
      });
    };
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      received += chunk;
    });
    socket.on("close", done);
    socket.on("error", (error) => (received ? done() : reject(error)));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe("errors before the routes", () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await buildTestApp();
    port = Number(new URL(await app.listen({ host: "127.0.0.1", port: 0 })).port);
  });
  afterAll(() => app.close());

  it.each([
    ["a path that is not valid URL encoding", "/v1/lessons/%ff", 400, "bad-url"],
    ["a path parameter over the length limit", `/v1/lessons/${"a".repeat(150)}`, 414, "path-too-long"],
  ])("answers %s with problem+json", async (_name, url, status, type) => {
    const problem = expectProblem(await app.inject({ method: "GET", url }), status);
    expect(problem.type).toBe(`urn:samskab:problem:${type}`);
  });

  it.each([
    [
      "headers too large",
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      431,
    ],
    [
      "a body longer than its Content-Length",
      'POST /v1/filter HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"q":"tillid"}',
      400,
    ],
    ["a request line that is not HTTP", "HELLO\r\n\r\n", 400],
  ])("answers %s with problem+json on the socket", async (_name, request, status) => {
    const reply = await rawRequest(port, request);
    expect(reply.status).toBe(status);
    expect(reply.headers).toContain("content-type: application/problem+json");
    expect(JSON.parse(reply.body)).toMatchObject({ status, type: "urn:samskab:problem:client-error" });
  });

  it("keeps a short, plain client request id and replaces anything else", async () => {
    const sent = async (id: string) =>
      (await app.inject({ method: "GET", url: "/health", headers: { "x-request-id": id } })).headers[
        "x-request-id"
      ];
    expect(await sent("abc-123.req:7")).toBe("abc-123.req:7");
    for (const bad of ["x".repeat(8000), "id with spaces", "<script>", "æøå"]) {
      const replaced = await sent(bad);
      expect(replaced).not.toBe(bad);
      expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

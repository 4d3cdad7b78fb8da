// What a request looks like in the log: its method and path, and the names of its query parameters
// without their values — a question typed into `q` may hold a personal number or a name, and logs are
// kept and shipped where lessons are not.
import type { FastifyRequest } from "fastify";

/** `/v1/suggest?q=…&lang=…`: the path as it is, each query value replaced by an ellipsis. */
export function withoutQueryValues(url: string): string {
  const question = url.indexOf("?");
  if (question < 0) return url;
  const names = url
    .slice(question + 1)
    .split("&")
    .filter(Boolean)
    .map((pair) => `${pair.split("=")[0]}=…`);
  return `${url.slice(0, question)}?${names.join("&")}`;
}

/** Fastify's request log serializer, with the query values left out. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: withoutQueryValues(request.url),
    remoteAddress: request.ip,
  };
}

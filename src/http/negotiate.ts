// Content negotiation, one rule for every route that answers in more than one form or language:
// the reply's format from `?format=` (which wins) or the Accept header, and the language of labels
// and interface words from `?lang=` (which wins) or Accept-Language. Both follow RFC 9110 through
// the `accepts` library (@fastify/accepts): q-values, specific ranges before wildcards, `da-DK`
// matching `da`. Nothing acceptable, or no header, gets the first format (JSON) and English: a
// client that cannot take JSON still gets a useful reply rather than a 406.
import type {} from "@fastify/accepts";
import type { FastifyReply, FastifyRequest } from "fastify";
import { LANGUAGES, type Language } from "../words.js";

/** The format asked for among `mediaTypes` (the first is the default). */
export function negotiateFormat<F extends string>(
  request: FastifyRequest,
  mediaTypes: Readonly<Record<F, string>>,
  explicit?: F | undefined,
): F {
  if (explicit) return explicit;
  const formats = Object.keys(mediaTypes) as F[];
  const types = formats.map((format) => mediaTypes[format]);
  const chosen = request.accepts().type(types);
  const format = formats.find((f) => mediaTypes[f] === chosen);
  return format ?? formats[0]!;
}

/** Norwegian tags that mean Bokmål here. */
const ALIASES: Readonly<Record<string, Language>> = { no: "nb", nn: "nb" };
const OFFERED = [...LANGUAGES, ...Object.keys(ALIASES)];

/** The language of labels and interface words: `?lang=`, else the best of Accept-Language, else English. */
export function negotiateLanguage(request: FastifyRequest, explicit?: Language | undefined): Language {
  if (explicit) return explicit;
  const chosen = request.accepts().language(OFFERED);
  if (!chosen) return "en";
  return ALIASES[chosen] ?? (chosen as Language);
}

/**
 * Says which request headers chose the reply (for caches): Accept only when the format came from it,
 * Accept-Language only when the language did.
 */
export function varyOn(
  reply: FastifyReply,
  { format, lang }: { format?: boolean | undefined; lang?: boolean | undefined },
): void {
  const headers = [...(format ? ["Accept"] : []), ...(lang ? ["Accept-Language"] : [])];
  if (headers.length > 0) reply.header("vary", headers.join(", "));
}

// Query and reply shapes of GET /v1/maps/evidence: two facets crossed over the lessons a filter matches.
import { z } from "zod";
import { EvidenceMapSchema } from "../../domain/evidence-map-reply.js";
import { MATCH_MODES } from "../../domain/filter/types.js";
import { DIRECTIONS, EVIDENCE_KINDS, STAGES } from "../../words.js";
import { Id, LanguageCode, queryText } from "./common.js";

const Language = LanguageCode;

export const EVIDENCE_MAP_FORMATS = ["json", "csv", "html"] as const;
export type EvidenceMapFormat = (typeof EVIDENCE_MAP_FORMATS)[number];

/** Query parameters that name a facet after the dot: `filter.<facet>` restricts, `context.<dimension>` ranks. */
export const FILTER_PREFIX = "filter.";
export const CONTEXT_PREFIX = "context.";
const MAX_LIST = 50;

/** A list parameter: comma-separated (`a,b`), repeated (`x=a&x=b`) or both; blanks are dropped. */
const list = z.union([z.string().max(2000), z.array(z.string().max(2000)).max(MAX_LIST)]).transform((value) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((part) => part.split(","))
    .map((part) => part.trim())
    .filter(Boolean),
);
const listOf = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  list.pipe(z.array(item).min(1, "Give at least one value.").max(max));

const Facet = z.string().trim().min(1).max(64);

const known = {
  rows: Facet.describe("The facet whose active terms are the rows, e.g. `mechanism`."),
  cols: Facet.describe(
    "The facet whose active terms are the columns, e.g. `outcome` or a context dimension such as `serviceArea`; not the same as `rows`.",
  ),
  format: z
    .enum(EVIDENCE_MAP_FORMATS)
    .optional()
    .describe(
      "`json`, `csv` (text/csv, one line per row × column pair) or `html` (a printable heat map); overrides the Accept header.",
    ),
  lang: Language.optional().describe(
    "Language of labels, and of every word of the HTML page; else Accept-Language, else English.",
  ),
  rollup: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value !== "false")
    .describe(
      "`true` (default): a broader term's row or column (`rollup: true`, e.g. `trust`, `elder_care`) counts its own lessons and those of every term below it, each once; `false`: exact terms only.",
    ),
  unitId: Id.optional().describe(
    "The requesting unit, as in POST /v1/filter. Its context ranks there and restricts nothing, so it changes no count; an unknown unit is refused.",
  ),
  q: queryText(200)
    .optional()
    .describe(
      "Free text, as POST /v1/filter's `q`: only lessons matching it are counted. Words naming a controlled term also match lessons tagged with it.",
    ),
  match: z
    .enum(MATCH_MODES)
    .optional()
    .describe("How `q` restricts, as POST /v1/filter's `match`: `most` (default), `all` or `any`."),
  outcomeDirection: listOf(z.enum(DIRECTIONS), 4)
    .optional()
    .describe(
      `Overall directions to keep, comma-separated (${DIRECTIONS.join(", ")}), e.g. \`negative,mixed\`.`,
    ),
  evidence: listOf(z.enum(EVIDENCE_KINDS), 5)
    .optional()
    .describe(`Evidence kinds to keep, comma-separated (${EVIDENCE_KINDS.join(", ")}).`),
  stage: listOf(z.enum(STAGES), 6)
    .optional()
    .describe(`Maturity stages to keep, comma-separated (${STAGES.join(", ")}).`),
  language: listOf(Language, 3)
    .optional()
    .describe("Lesson languages to keep, comma-separated (en, da, nb)."),
  publishedFrom: z.iso.date().optional().describe("Published on or after this day (YYYY-MM-DD)."),
  publishedTo: z.iso.date().optional().describe("Published on or before this day (YYYY-MM-DD)."),
};

const FACET_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export const EvidenceMapQuery = z
  .object(known)
  .catchall(listOf(z.string().min(1).max(64), MAX_LIST))
  .superRefine((query, ctx) => {
    for (const key of Object.keys(query)) {
      if (key in known) continue;
      const prefixed = [FILTER_PREFIX, CONTEXT_PREFIX].find((prefix) => key.startsWith(prefix));
      // a facet's name as facets are named: `filter.__proto__` and the like are no facet
      if (!prefixed || !FACET_NAME.test(key.slice(prefixed.length)))
        ctx.addIssue({ code: "unrecognized_keys", keys: [key], path: [], input: query });
    }
  })
  .describe(
    "Besides the parameters listed: `filter.<facet>=slug,slug` restricts like POST /v1/filter's `filters` (OR inside a facet, AND across facets; a parent term includes its children), e.g. `filter.serviceArea=home_care,elder_care`; `context.<dimension>=slug,slug` gives an explicit requester context like its `context` (it replaces the unit's profile and, like it, ranks only).",
  );
export type EvidenceMapQuery = z.infer<typeof EvidenceMapQuery>;

/** The map's reply schema lives with the domain, which infers its types from it. */
export const EvidenceMap = EvidenceMapSchema;

/**
 * The 200 reply as documented: the JSON map, or the same map as CSV or HTML text. @fastify/swagger
 * takes a reply schema's `content` as it is, so each format gets its own schema. It describes and does
 * not validate: the route serializes JSON replies through EvidenceMap itself.
 */
export const EvidenceMapReply = z.unknown().meta({
  description: "The evidence map, in the format asked for (`format`, else the Accept header).",
  content: {
    "application/json": { schema: { $ref: "#/components/schemas/EvidenceMap" } },
    "text/csv": {
      schema: {
        type: "string",
        description: `A header row, then one line per row × column pair (RFC 4180, CRLF line ends).`,
      },
    },
    "text/html": {
      schema: { type: "string", description: "A self-contained, printable heat map page." },
    },
  },
});

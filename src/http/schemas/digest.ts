// Request and reply shapes of POST /v1/digests: the request is POST /v1/filter's (FilterRequest) plus
// the digest's scope and detail; the reply's schemas are the domain's (one source for types and docs).
import { z } from "zod";
import {
  DIGEST_DETAILS,
  DIGEST_SCOPES,
  DigestReplySchema,
  LIMITS,
  SCOPE_DIMENSIONS,
} from "../../domain/digest/index.js";
import { FilterRequest, LabelLanguage } from "./filter.js";

export const DIGEST_FORMATS = ["json", "markdown", "html"] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

export const DigestQuery = LabelLanguage.extend({
  format: z
    .enum(DIGEST_FORMATS)
    .optional()
    .describe(
      "`json`, `markdown` (text/markdown) or `html` (a self-contained, printable page); overrides the Accept header.",
    ),
});

const brief = LIMITS.brief;

export const DigestRequest = FilterRequest.extend({
  scope: z
    .enum(DIGEST_SCOPES)
    .default("context")
    .describe(
      `\`context\` (default): the matching lessons that share the requester's ${SCOPE_DIMENSIONS.join(" or ")} (a parent or child term counts; without a requester, or when it has neither, every matching lesson). \`all\`: every matching lesson, wherever it comes from. The reply's \`scope.leftOut\` says how many the default left out.`,
    ),
  detail: z
    .enum(DIGEST_DETAILS)
    .optional()
    .describe(
      `\`brief\` (the default for Markdown and HTML): a meeting's worth — the ${brief.mechanisms} most relevant mechanisms, at most ${brief.supportStatements} sentences each on why it worked and ${brief.failureStatements} on what went wrong, ${brief.adaptationNotes} adaptation notes and ${brief.pressures} pressures with their coping. \`full\` (the default for JSON): every mechanism, with more of each. The scope is the same in both.`,
    ),
})
  .describe(
    "POST /v1/filter's request (`limit` and `cursor` are ignored: a digest covers every lesson in scope) plus `scope` and `detail`.",
  )
  .meta({ id: "DigestRequest" });

export const DigestReply = DigestReplySchema;

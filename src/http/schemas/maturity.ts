// Request and reply shapes of GET /v1/units/{id}/maturity and GET /v1/organisations/{id}/maturity. The
// reply's schema lives with the domain (domain/maturity/types.ts), which infers its types from it.
import { z } from "zod";
import { MaturityReportSchema } from "../../domain/maturity/types.js";
import { LanguageCode } from "./common.js";

export const MaturityQuery = z.object({
  lang: LanguageCode.optional().describe(
    "Language of the guidance texts, details and labels (en, da, nb); else Accept-Language, else English.",
  ),
});

export const MaturityReport = MaturityReportSchema;

// The words of the maturity diagnosis, in English, Danish and Norwegian Bokmål: the rungs of the ladder
// (Mortensen, McMullin & Brix) and the next steps derived from the data. The words of the claimed-versus-
// evidenced diagnosis (indicators, contradictions, the gap) are in maturity/evidence-texts.ts.
import type { Language, Stage } from "../words.js";

/** The kinds of next step, in the order they are given: what the records contradict comes first. */
export const NEXT_STEP_KINDS = [
  "revisit_claim",
  "strengthen_evidence",
  "next_rung",
  "completed_pilot_without_decision",
  "mechanism_without_program",
  "unit_never_adapts",
] as const;
export type NextStepKind = (typeof NEXT_STEP_KINDS)[number];

type Localized = Record<Language, string>;

export const STAGE_LABELS: Record<Stage, Localized> = {
  ad_hoc_individual: {
    en: "Ad hoc facilitation (individual)",
    da: "Ad hoc-facilitering (individuel)",
    nb: "Ad hoc-fasilitering (individuell)",
  },
  ad_hoc_collective: {
    en: "Ad hoc facilitation (collective)",
    da: "Ad hoc-facilitering (kollektiv)",
    nb: "Ad hoc-fasilitering (kollektiv)",
  },
  pilot: { en: "Pilot project", da: "Pilotprojekt", nb: "Pilotprosjekt" },
  project: { en: "Project", da: "Projekt", nb: "Prosjekt" },
  program: { en: "Program", da: "Program", nb: "Program" },
  culture: { en: "Culture", da: "Kultur", nb: "Kultur" },
};

/** What each rung of the ladder means, after the paper. */
export const RUNG_DESCRIPTIONS: Record<Stage, Localized> = {
  ad_hoc_individual: {
    en: "Individual employees facilitate co-production on their own initiative, in their daily contact with citizens. It rests on personal commitment and is rarely written down, so what is learned leaves with the person.",
    da: "Enkelte medarbejdere faciliterer samskabelse på eget initiativ i den daglige kontakt med borgerne. Det hviler på personligt engagement og bliver sjældent skrevet ned, så erfaringerne forsvinder med den enkelte.",
    nb: "Enkeltmedarbeidere fasiliterer samskaping på eget initiativ i den daglige kontakten med innbyggerne. Det hviler på personlig engasjement og blir sjelden skrevet ned, så erfaringene forsvinner med den enkelte.",
  },
  ad_hoc_collective: {
    en: "A team or unit co-produces together, but still ad hoc: without a mandate, a budget or a plan beyond the task at hand. Knowledge is shared within the group, not beyond it.",
    da: "En gruppe eller enhed samskaber i fællesskab, men stadig ad hoc: uden mandat, budget eller plan ud over den konkrete opgave. Viden deles i gruppen, men ikke ud over den.",
    nb: "Et team eller en enhet samskaper i fellesskap, men fortsatt ad hoc: uten mandat, budsjett eller plan utover den konkrete oppgaven. Kunnskapen deles i gruppen, men ikke utover den.",
  },
  pilot: {
    en: "Co-production is tried in a time-limited pilot project with its own resources, usually in one unit. A pilot should end in a decision: it is discarded, institutionalised in everyday practice, or built on by a project. Without that decision, the learning stays in the pilot.",
    da: "Samskabelse afprøves i et tidsbegrænset pilotprojekt med egne ressourcer, som regel i én enhed. Et pilotprojekt bør slutte med en beslutning: det opgives, forankres i driften eller videreføres i et projekt. Uden den beslutning bliver læringen i piloten.",
    nb: "Samskaping prøves ut i et tidsavgrenset pilotprosjekt med egne ressurser, som regel i én enhet. Et pilotprosjekt bør avsluttes med en beslutning: det legges ned, forankres i driften eller videreføres i et prosjekt. Uten den beslutningen blir læringen værende i piloten.",
  },
  project: {
    en: "A project builds on what pilots showed and runs co-production at a larger scale or across units, with a mandate and resources. It still has an end date, so it needs a plan for what happens after it.",
    da: "Et projekt bygger videre på det, pilotprojekterne viste, og driver samskabelse i større skala eller på tværs af enheder, med mandat og ressourcer. Det har stadig en slutdato og har derfor brug for en plan for, hvad der skal ske bagefter.",
    nb: "Et prosjekt bygger videre på det pilotprosjektene viste, og driver samskaping i større skala eller på tvers av enheter, med mandat og ressurser. Det har fortsatt en sluttdato og trenger derfor en plan for hva som skal skje etterpå.",
  },
  program: {
    en: "A program holds several projects under a shared strategy and management. It coordinates them, routes what they learn between units and makes co-production part of how the organisation plans and budgets.",
    da: "Et program samler flere projekter under en fælles strategi og ledelse. Det koordinerer dem, bringer erfaringerne videre mellem enhederne og gør samskabelse til en del af den måde, organisationen planlægger og budgetterer på.",
    nb: "Et program samler flere prosjekter under en felles strategi og ledelse. Det koordinerer dem, bringer erfaringene videre mellom enhetene og gjør samskaping til en del av måten organisasjonen planlegger og budsjetterer på.",
  },
  culture: {
    en: "Co-production is the normal way of working: it is part of routines, roles and values across the organisation and no longer depends on single projects or enthusiasts. The task is to keep it alive: to keep learning, and to cope with the pressures that pull back towards the old ways.",
    da: "Samskabelse er den normale måde at arbejde på: det er en del af rutiner, roller og værdier i hele organisationen og afhænger ikke længere af enkelte projekter eller ildsjæle. Opgaven er at holde det levende: at blive ved med at lære og at håndtere det pres, der trækker tilbage mod de gamle vaner.",
    nb: "Samskaping er den vanlige måten å jobbe på: det er en del av rutiner, roller og verdier i hele organisasjonen og er ikke lenger avhengig av enkeltprosjekter eller ildsjeler. Oppgaven er å holde det levende: å fortsette å lære og å håndtere presset som trekker tilbake mot de gamle vanene.",
  },
};

/** How to read the ladder: it is a diagnosis, not a staircase every organisation must climb. */
export const LADDER_NOTE: Localized = {
  en: "The ladder runs from ad hoc facilitation (individual or collective) through pilot project, project and program to culture. Organisations need not climb every rung: pilots can be discarded or institutionalised directly, projects build on pilots, and programs hold projects.",
  da: "Stigen går fra ad hoc-facilitering (individuel eller kollektiv) over pilotprojekt, projekt og program til kultur. En organisation behøver ikke at gå alle trin: pilotprojekter kan opgives eller forankres i driften direkte, projekter bygger videre på pilotprojekter, og programmer samler projekter.",
  nb: "Stigen går fra ad hoc-fasilitering (individuell eller kollektiv) via pilotprosjekt, prosjekt og program til kultur. En organisasjon trenger ikke å gå alle trinnene: pilotprosjekter kan legges ned eller forankres i driften direkte, prosjekter bygger videre på pilotprosjekter, og programmer samler prosjekter.",
};

/**
 * Next steps, with placeholders filled from the data: {title} (an initiative), {unit} (a unit's name),
 * {mechanism} (a mechanism's label), {unitCount}, {lessonCount}.
 */
export const NEXT_STEP_TEXTS: Record<
  "completed_pilot_without_decision" | "mechanism_without_program" | "unit_never_adapts",
  Localized
> = {
  completed_pilot_without_decision: {
    en: "The pilot “{title}” has ended, but no decision is recorded: nothing builds on it, and it was neither institutionalised nor discarded. Decide whether to carry it into a project, make it part of everyday practice or discard it, and log a lesson about why.",
    da: "Pilotprojektet »{title}« er afsluttet, men der er ikke truffet nogen beslutning: intet bygger videre på det, og det er hverken forankret i driften eller opgivet. Beslut, om det skal videreføres i et projekt, forankres i driften eller opgives, og log en erfaring om hvorfor.",
    nb: "Pilotprosjektet «{title}» er avsluttet, men det er ikke tatt noen beslutning: ingenting bygger videre på det, og det er verken forankret i driften eller lagt ned. Bestem om det skal videreføres i et prosjekt, forankres i driften eller legges ned, og loggfør en erfaring om hvorfor.",
  },
  mechanism_without_program: {
    en: "“{mechanism}” worked in {unitCount} units ({lessonCount} positive lessons), but no program's lessons draw on it yet. Consider taking it into a program, so that it reaches units beyond those that found it.",
    da: "»{mechanism}« virkede i {unitCount} enheder ({lessonCount} positive erfaringer), men indgår endnu ikke i erfaringerne fra noget program. Overvej at tage det med i et program, så det når ud over de enheder, der fandt det.",
    nb: "«{mechanism}» virket i {unitCount} enheter ({lessonCount} positive erfaringer), men inngår ennå ikke i erfaringene fra noe program. Vurder å ta det med i et program, slik at det når ut over enhetene som fant det.",
  },
  unit_never_adapts: {
    en: "{unit} logs lessons (published: {lessonCount}) but has never reported trying another unit's lesson. Ask the unit to pick one lesson from a similar context and report how it translated: learning has to flow both ways.",
    da: "{unit} logger erfaringer (offentliggjort: {lessonCount}), men har aldrig meldt tilbage om at have afprøvet en anden enheds erfaring. Bed enheden om at vælge én erfaring fra en lignende kontekst og melde tilbage, hvordan den lod sig overføre: læring skal gå begge veje.",
    nb: "{unit} loggfører erfaringer (publisert: {lessonCount}), men har aldri rapportert at den har prøvd ut en annen enhets erfaring. Be enheten om å velge én erfaring fra en lignende kontekst og rapportere hvordan den lot seg overføre: læring må gå begge veier.",
  },
};

/** Fills {placeholders}; an unknown one is left as it is, so a missing value shows instead of vanishing. */
export function fillPlaceholders(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

// The words of the claimed-versus-evidenced diagnosis in English, Danish and Norwegian Bokmål: what each
// indicator measures, what each contradiction says, the gap between the two rungs, and the next steps
// that close it. Placeholders in {braces} are filled by describe.ts and next-steps.ts.
import type { InitiativeStatus, Language, Stage } from "../../words.js";
import type { ContradictionCode, IndicatorCode } from "./rung-evidence.js";

export type Localized = Record<Language, string>;
/** A text whose wording depends on whether {count} is one or more. */
export type Plural = { one: Localized; other: Localized };

/** Quotation marks around a title, as each language writes them. */
export const QUOTES: Record<Language, [string, string]> = { en: ["“", "”"], da: ["»", "«"], nb: ["«", "»"] };

export const STATUS_LABELS: Record<InitiativeStatus, Localized> = {
  active: { en: "active", da: "aktiv", nb: "aktiv" },
  completed: { en: "completed", da: "afsluttet", nb: "avsluttet" },
  discarded: { en: "discarded", da: "opgivet", nb: "lagt ned" },
  institutionalised: { en: "institutionalised", da: "forankret i driften", nb: "forankret i driften" },
};

/**
 * Each indicator's detail: {observed} and {needed} (a count, or a percentage for a share), {months} (the
 * window), for the pitfalls {pitfalls} (their labels), for routines and escalations {total}, {answered}
 * and {days} (how long an escalation may wait).
 */
export const INDICATOR_TEXTS: Record<IndicatorCode, Localized> = {
  collective_lessons: {
    en: "Published lessons from collective ad hoc work or from an initiative: {observed} (needed: at least {needed}).",
    da: "Offentliggjorte erfaringer fra fælles ad hoc-arbejde eller fra et initiativ: {observed} (krav: mindst {needed}).",
    nb: "Publiserte erfaringer fra felles ad hoc-arbeid eller fra et initiativ: {observed} (krav: minst {needed}).",
  },
  initiative_lessons: {
    en: "Published lessons from a pilot project or a later rung: {observed} (needed: at least {needed}).",
    da: "Offentliggjorte erfaringer fra et pilotprojekt eller et senere trin: {observed} (krav: mindst {needed}).",
    nb: "Publiserte erfaringer fra et pilotprosjekt eller et senere trinn: {observed} (krav: minst {needed}).",
  },
  project_lessons: {
    en: "Published lessons from a project, a program or a culture initiative: {observed} (needed: at least {needed}).",
    da: "Offentliggjorte erfaringer fra et projekt, et program eller et kulturinitiativ: {observed} (krav: mindst {needed}).",
    nb: "Publiserte erfaringer fra et prosjekt, et program eller et kulturinitiativ: {observed} (krav: minst {needed}).",
  },
  pilots_grown: {
    en: "Pilots or ad hoc initiatives that grew into a project or program here (buildsOn): {observed} (needed: at least {needed}).",
    da: "Pilotprojekter eller ad hoc-initiativer, der blev videreført i et projekt eller program her (buildsOn): {observed} (krav: mindst {needed}).",
    nb: "Pilotprosjekter eller ad hoc-initiativer som ble videreført i et prosjekt eller program her (buildsOn): {observed} (krav: minst {needed}).",
  },
  program_projects: {
    en: "Most initiatives held by one program (programId): {observed} (needed: at least {needed}).",
    da: "Flest initiativer samlet i ét program (programId): {observed} (krav: mindst {needed}).",
    nb: "Flest initiativer samlet i ett program (programId): {observed} (krav: minst {needed}).",
  },
  adapted_by_other_units: {
    en: "Lessons from these units that another unit has tried and reported on: {observed} (needed: at least {needed}).",
    da: "Erfaringer fra disse enheder, som en anden enhed har afprøvet og meldt tilbage om: {observed} (krav: mindst {needed}).",
    nb: "Erfaringer fra disse enhetene som en annen enhet har prøvd ut og rapportert om: {observed} (krav: minst {needed}).",
  },
  recent_unit_share: {
    en: "Units that published a lesson in the last {months} months: {observed} (needed: at least {needed}).",
    da: "Enheder, der har offentliggjort en erfaring inden for de seneste {months} måneder: {observed} (krav: mindst {needed}).",
    nb: "Enheter som har publisert en erfaring de siste {months} månedene: {observed} (krav: minst {needed}).",
  },
  recent_service_area_share: {
    en: "Service areas with a lesson published in the last {months} months: {observed} (needed: at least {needed}).",
    da: "Fagområder med en erfaring offentliggjort inden for de seneste {months} måneder: {observed} (krav: mindst {needed}).",
    nb: "Tjenesteområder med en erfaring publisert de siste {months} månedene: {observed} (krav: minst {needed}).",
  },
  recent_influence_pitfalls: {
    en: "Lessons from the last {months} months reporting that citizens had no real say ({pitfalls}): {observed} (allowed: at most {needed}).",
    da: "Erfaringer fra de seneste {months} måneder, der beretter, at borgerne ikke havde reel indflydelse ({pitfalls}): {observed} (tilladt: højst {needed}).",
    nb: "Erfaringer fra de siste {months} månedene som forteller at innbyggerne ikke hadde reell innflytelse ({pitfalls}): {observed} (tillatt: høyst {needed}).",
  },
  embedded_counter_examples: {
    en: "Lessons from the last {months} months of initiatives labelled culture or institutionalised that were not wholly positive or report a pitfall: {observed} (allowed: at most {needed}).",
    da: "Erfaringer fra de seneste {months} måneder fra initiativer mærket som kultur eller forankret i driften, som ikke var entydigt positive eller beretter om en faldgrube: {observed} (tilladt: højst {needed}).",
    nb: "Erfaringer fra de siste {months} månedene fra initiativer merket som kultur eller forankret i driften, som ikke var entydig positive eller forteller om en fallgruve: {observed} (tillatt: høyst {needed}).",
  },
  routines_running: {
    en: "Knowledge-sharing routines of these units that met within two of their cadences: {observed} of {total} (needed: at least {needed}).",
    da: "Rutiner for videndeling i disse enheder, der har holdt møde inden for to af deres intervaller: {observed} af {total} (krav: mindst {needed}).",
    nb: "Rutiner for kunnskapsdeling i disse enhetene som har hatt møte innenfor to av sine intervaller: {observed} av {total} (krav: minst {needed}).",
  },
  escalations_answered: {
    en: "Escalations raised by or to these units that have waited more than {days} days for an answer: {observed}; answered: {answered} of {total} (allowed: at most {needed} waiting).",
    da: "Eskaleringer fra eller til disse enheder, der har ventet mere end {days} dage på svar: {observed}; besvaret: {answered} af {total} (tilladt: højst {needed} ventende).",
    nb: "Eskaleringer fra eller til disse enhetene som har ventet mer enn {days} dager på svar: {observed}; besvart: {answered} av {total} (tillatt: høyst {needed} ventende).",
  },
};

/** The routines' and escalations' contradictions. */
const FLOW_CONTRADICTION_TEXTS = {
  program_claim_with_stalled_routines: {
    one: {
      en: "The records claim {claimed}, but the knowledge-sharing routine {routines} has not met for two of its cadences: lessons have no standing place to travel.",
      da: "Registreringerne hævder {claimed}, men rutinen for videndeling {routines} har ikke holdt møde i to af sine intervaller: erfaringerne har ikke et fast sted at bevæge sig.",
      nb: "Registreringene hevder {claimed}, men rutinen for kunnskapsdeling {routines} har ikke hatt møte på to av sine intervaller: erfaringene har ikke et fast sted å bevege seg.",
    },
    other: {
      en: "The records claim {claimed}, but {count} knowledge-sharing routines have not met for two of their cadences: {routines}.",
      da: "Registreringerne hævder {claimed}, men {count} rutiner for videndeling har ikke holdt møde i to af deres intervaller: {routines}.",
      nb: "Registreringene hevder {claimed}, men {count} rutiner for kunnskapsdeling har ikke hatt møte på to av sine intervaller: {routines}.",
    },
  },
  program_claim_with_unanswered_escalations: {
    one: {
      en: "The records claim {claimed}, but one escalation from the units has waited more than {days} days for an answer, about {lessons}: what the frontline learned does not reach those who can act on it.",
      da: "Registreringerne hævder {claimed}, men én eskalering fra enhederne har ventet mere end {days} dage på svar, om {lessons}: det, frontlinjen har lært, når ikke frem til dem, der kan handle på det.",
      nb: "Registreringene hevder {claimed}, men én eskalering fra enhetene har ventet mer enn {days} dager på svar, om {lessons}: det frontlinjen har lært, når ikke fram til dem som kan handle på det.",
    },
    other: {
      en: "The records claim {claimed}, but {count} escalations from the units have waited more than {days} days for an answer, about {lessons}: what the frontline learned does not reach those who can act on it.",
      da: "Registreringerne hævder {claimed}, men {count} eskaleringer fra enhederne har ventet mere end {days} dage på svar, om {lessons}: det, frontlinjen har lært, når ikke frem til dem, der kan handle på det.",
      nb: "Registreringene hevder {claimed}, men {count} eskaleringer fra enhetene har ventet mer enn {days} dager på svar, om {lessons}: det frontlinjen har lært, når ikke fram til dem som kan handle på det.",
    },
  },
} satisfies Record<string, Plural>;

/**
 * Each contradiction: {claimed} (the claimed rung), {initiative} (a title), {stage} and {status} (its
 * label), {pitfall}, {count}, {months}, {lessons} (the lessons' titles, quoted), {routines} (the routines'
 * names, quoted) and {days}.
 */
export const CONTRADICTION_TEXTS: Record<ContradictionCode, Plural> = {
  embedded_label_with_counter_examples: {
    one: {
      en: "The initiative {initiative} is labelled {stage} ({status}), but one of its own lessons from the last {months} months says otherwise: {lessons}.",
      da: "Initiativet {initiative} er mærket {stage} ({status}), men én af dets egne erfaringer fra de seneste {months} måneder siger noget andet: {lessons}.",
      nb: "Initiativet {initiative} er merket {stage} ({status}), men én av dets egne erfaringer fra de siste {months} månedene sier noe annet: {lessons}.",
    },
    other: {
      en: "The initiative {initiative} is labelled {stage} ({status}), but {count} of its own lessons from the last {months} months say otherwise: {lessons}.",
      da: "Initiativet {initiative} er mærket {stage} ({status}), men {count} af dets egne erfaringer fra de seneste {months} måneder siger noget andet: {lessons}.",
      nb: "Initiativet {initiative} er merket {stage} ({status}), men {count} av dets egne erfaringer fra de siste {months} månedene sier noe annet: {lessons}.",
    },
  },
  program_claim_without_adaptation: {
    one: {
      en: "The records claim {claimed}, but no lesson of these units has been tried by another unit: nothing shows that what is learned reaches other units.",
      da: "Registreringerne hævder {claimed}, men ingen af disse enheders erfaringer er blevet afprøvet af en anden enhed: intet viser, at det lærte når ud til andre enheder.",
      nb: "Registreringene hevder {claimed}, men ingen av disse enhetenes erfaringer er prøvd ut av en annen enhet: ingenting viser at det som læres, når ut til andre enheter.",
    },
    other: {
      en: "The records claim {claimed}, but none of the {count} lessons of its programs has been tried by another unit, nor any other lesson of these units: nothing shows that what is learned reaches other units.",
      da: "Registreringerne hævder {claimed}, men ingen af de {count} erfaringer fra programmerne er blevet afprøvet af en anden enhed, og heller ingen andre af disse enheders erfaringer: intet viser, at det lærte når ud til andre enheder.",
      nb: "Registreringene hevder {claimed}, men ingen av de {count} erfaringene fra programmene er prøvd ut av en annen enhet, og heller ingen andre av disse enhetenes erfaringer: ingenting viser at det som læres, når ut til andre enheter.",
    },
  },
  culture_claim_with_influence_pitfall: {
    one: {
      en: "The records claim {claimed}; in the last {months} months one lesson reports {pitfall}: {lessons}.",
      da: "Registreringerne hævder {claimed}; inden for de seneste {months} måneder beretter én erfaring om {pitfall}: {lessons}.",
      nb: "Registreringene hevder {claimed}; de siste {months} månedene forteller én erfaring om {pitfall}: {lessons}.",
    },
    other: {
      en: "The records claim {claimed}; in the last {months} months {count} lessons report {pitfall}: {lessons}.",
      da: "Registreringerne hævder {claimed}; inden for de seneste {months} måneder beretter {count} erfaringer om {pitfall}: {lessons}.",
      nb: "Registreringene hevder {claimed}; de siste {months} månedene forteller {count} erfaringer om {pitfall}: {lessons}.",
    },
  },
  ...FLOW_CONTRADICTION_TEXTS,
};

/** The opening of the guidance: {claimed} and {evidenced} are rung labels; {next} the rung above. */
export const GAP_TEXTS = {
  bearsOut: {
    en: "The records bear out the claimed rung: {claimed}.",
    da: "Registreringerne underbygger det hævdede trin: {claimed}.",
    nb: "Registreringene underbygger det hevdede trinnet: {claimed}.",
  },
  claimsMore: {
    en: "The records claim {claimed}; what they show bears out {evidenced}.",
    da: "Registreringerne hævder {claimed}; det, de viser, underbygger {evidenced}.",
    nb: "Registreringene hevder {claimed}; det de viser, underbygger {evidenced}.",
  },
  notYetShown: {
    en: "Not yet shown for {next}:",
    da: "Endnu ikke vist for {next}:",
    nb: "Ennå ikke vist for {next}:",
  },
} satisfies Record<string, Localized>;

/**
 * A next step for each indicator that can be worked on: {months}, {needed} (the bound) and {lessons} (the
 * lessons that keep it from being met). The indicators that are not available yet have none.
 */
export const INDICATOR_STEP_TEXTS: Partial<Record<IndicatorCode, Localized>> = {
  collective_lessons: {
    en: "Write down what the team learns together: publish a first lesson from shared work, with why it worked or did not.",
    da: "Skriv ned, hvad gruppen lærer i fællesskab: offentliggør en første erfaring fra det fælles arbejde, med hvorfor det virkede eller ikke virkede.",
    nb: "Skriv ned hva gruppen lærer i fellesskap: publiser en første erfaring fra det felles arbeidet, med hvorfor det virket eller ikke virket.",
  },
  initiative_lessons: {
    en: "Give a practice that works a pilot of its own, with time and resources, and publish what the pilot teaches, including what did not work.",
    da: "Giv en praksis, der virker, sit eget pilotprojekt med tid og ressourcer, og offentliggør, hvad piloten lærer jer, også det, der ikke virkede.",
    nb: "Gi en praksis som virker, et eget pilotprosjekt med tid og ressurser, og publiser hva piloten lærer dere, også det som ikke virket.",
  },
  project_lessons: {
    en: "Publish lessons from the projects while they run: nobody can build on a project whose learning is not written down.",
    da: "Offentliggør erfaringer fra projekterne, mens de kører: ingen kan bygge videre på et projekt, hvis læring ikke bliver skrevet ned.",
    nb: "Publiser erfaringer fra prosjektene mens de pågår: ingen kan bygge videre på et prosjekt der læringen ikke blir skrevet ned.",
  },
  pilots_grown: {
    en: "Record which pilot each project builds on (buildsOn), or decide which pilot that worked to carry into a project: the lineage shows that learning was used.",
    da: "Registrér, hvilket pilotprojekt hvert projekt bygger på (buildsOn), eller beslut, hvilket vellykket pilotprojekt der skal videreføres i et projekt: slægtslinjen viser, at læringen blev brugt.",
    nb: "Registrer hvilket pilotprosjekt hvert prosjekt bygger på (buildsOn), eller bestem hvilket vellykket pilotprosjekt som skal videreføres i et prosjekt: slektslinjen viser at læringen ble brukt.",
  },
  program_projects: {
    en: "A program holds several projects under shared management: bring related projects into one program (programId), or record the membership that already exists.",
    da: "Et program samler flere projekter under fælles ledelse: saml beslægtede projekter i ét program (programId), eller registrér det tilhørsforhold, der allerede findes.",
    nb: "Et program samler flere prosjekter under felles ledelse: samle beslektede prosjekter i ett program (programId), eller registrer tilhørigheten som allerede finnes.",
  },
  adapted_by_other_units: {
    en: "No lesson from these units has been tried elsewhere yet. Ask a unit in a similar context to try one and report how it translated: that is how a program routes what it learns.",
    da: "Ingen erfaring fra disse enheder er endnu blevet afprøvet andre steder. Bed en enhed i en lignende kontekst om at afprøve én og melde tilbage, hvordan den lod sig overføre: sådan bringer et program sin læring videre.",
    nb: "Ingen erfaring fra disse enhetene er ennå prøvd ut andre steder. Be en enhet i en lignende kontekst om å prøve én og rapportere hvordan den lot seg overføre: slik bringer et program læringen sin videre.",
  },
  recent_unit_share: {
    en: "Fewer than {needed} of the units published a lesson in the last {months} months. Ask the quiet units for one lesson each from ordinary practice: a culture shows in every unit, not in a few.",
    da: "Under {needed} af enhederne har offentliggjort en erfaring inden for de seneste {months} måneder. Bed de tavse enheder om én erfaring hver fra den almindelige praksis: en kultur viser sig i alle enheder, ikke i nogle få.",
    nb: "Under {needed} av enhetene har publisert en erfaring de siste {months} månedene. Be de stille enhetene om én erfaring hver fra vanlig praksis: en kultur viser seg i alle enheter, ikke i noen få.",
  },
  recent_service_area_share: {
    en: "The lessons of the last {months} months come from fewer than {needed} of the service areas. Ask the areas without lessons what they do together with citizens, and publish it.",
    da: "Erfaringerne fra de seneste {months} måneder kommer fra under {needed} af fagområderne. Spørg de områder, der ingen erfaringer har, hvad de gør sammen med borgerne, og offentliggør det.",
    nb: "Erfaringene fra de siste {months} månedene kommer fra under {needed} av tjenesteområdene. Spør områdene uten erfaringer hva de gjør sammen med innbyggerne, og publiser det.",
  },
  recent_influence_pitfalls: {
    en: "Recent lessons report that citizens had no real say: {lessons}. Go through them with the units that wrote them, and agree on what citizens can actually influence before they are asked again.",
    da: "Nylige erfaringer beretter, at borgerne ikke havde reel indflydelse: {lessons}. Gennemgå dem med de enheder, der skrev dem, og aftal, hvad borgerne reelt kan få indflydelse på, før de bliver spurgt igen.",
    nb: "Nylige erfaringer forteller at innbyggerne ikke hadde reell innflytelse: {lessons}. Gå gjennom dem med enhetene som skrev dem, og bli enige om hva innbyggerne faktisk kan påvirke før de blir spurt igjen.",
  },
  embedded_counter_examples: {
    en: "Recent lessons from initiatives labelled culture or institutionalised say otherwise: {lessons}. Revisit the label with the units concerned, and change what keeps the old ways in place, such as what managers are measured on.",
    da: "Nylige erfaringer fra initiativer mærket som kultur eller forankret i driften siger noget andet: {lessons}. Tag mærkaten op igen med de berørte enheder, og ændr det, der holder de gamle vaner på plads, fx hvad lederne bliver målt på.",
    nb: "Nylige erfaringer fra initiativer merket som kultur eller forankret i driften sier noe annet: {lessons}. Ta merkingen opp igjen med enhetene det gjelder, og endre det som holder de gamle vanene på plass, for eksempel hva lederne blir målt på.",
  },
  routines_running: {
    en: "Give lessons a standing place: set up a knowledge-sharing routine (a forum with a cadence, e.g. a monthly staff meeting) where the units go through new lessons and decide what to try, and keep it meeting.",
    da: "Giv erfaringerne et fast sted: opret en rutine for videndeling (et forum med et fast interval, fx et månedligt personalemøde), hvor enhederne gennemgår nye erfaringer og beslutter, hvad de vil afprøve, og hold møderne i gang.",
    nb: "Gi erfaringene et fast sted: opprett en rutine for kunnskapsdeling (et forum med fast intervall, for eksempel et månedlig personalmøte) der enhetene går gjennom nye erfaringer og bestemmer hva de vil prøve, og hold møtene i gang.",
  },
  escalations_answered: {
    en: "Escalations have waited more than {days} days for an answer, about {lessons}. Answer them (adopt, adapt, decline, or park with a reason): the units that raised them need to hear back.",
    da: "Eskaleringer har ventet mere end {days} dage på svar, om {lessons}. Besvar dem (indfør, tilpas, afvis, eller parkér med en begrundelse): de enheder, der rejste dem, skal have svar.",
    nb: "Eskaleringer har ventet mer enn {days} dager på svar, om {lessons}. Svar på dem (innfør, tilpass, avvis, eller parker med en begrunnelse): enhetene som tok dem opp, trenger svar.",
  },
};

/** What to do about each contradiction: the placeholders of CONTRADICTION_TEXTS. */
export const REVISIT_STEP_TEXTS: Record<ContradictionCode, Localized> = {
  program_claim_with_stalled_routines: {
    en: "Restart {routines} or close them on purpose: put the next meeting in the calendar, and let the agenda bring the new lessons of other units to it.",
    da: "Genstart {routines} eller luk dem bevidst: sæt det næste møde i kalenderen, og lad dagsordenen bringe andre enheders nye erfaringer til mødet.",
    nb: "Start {routines} igjen eller legg dem ned med vilje: sett neste møte i kalenderen, og la agendaen bringe andre enheters nye erfaringer til møtet.",
  },
  program_claim_with_unanswered_escalations: {
    en: "Answer the escalations that have waited more than {days} days, about {lessons}: adopt, adapt, decline, or park them with a reason and a date to return to them.",
    da: "Besvar de eskaleringer, der har ventet mere end {days} dage, om {lessons}: indfør, tilpas, afvis, eller parkér dem med en begrundelse og en dato for, hvornår I vender tilbage.",
    nb: "Svar på eskaleringene som har ventet mer enn {days} dager, om {lessons}: innfør, tilpass, avvis, eller parker dem med en begrunnelse og en dato for når dere kommer tilbake til dem.",
  },
  embedded_label_with_counter_examples: {
    en: "Talk through {lessons} with the units that wrote them: does {initiative} still deserve the label {stage} ({status}), and what must change for it to hold, such as what managers are measured on?",
    da: "Gennemgå {lessons} med de enheder, der skrev dem: fortjener {initiative} stadig mærkaten {stage} ({status}), og hvad skal ændres, for at den holder, fx hvad lederne bliver målt på?",
    nb: "Gå gjennom {lessons} med enhetene som skrev dem: fortjener {initiative} fortsatt merkingen {stage} ({status}), og hva må endres for at den skal holde, for eksempel hva lederne blir målt på?",
  },
  program_claim_without_adaptation: {
    en: "Route what the program learns: ask at least one other unit to try one of its lessons and report how it translated, so that the records show learning travelling between units.",
    da: "Bring programmets læring videre: bed mindst én anden enhed om at afprøve en af dets erfaringer og melde tilbage, hvordan den lod sig overføre, så registreringerne viser læring, der bevæger sig mellem enhederne.",
    nb: "Bring programmets læring videre: be minst én annen enhet om å prøve en av erfaringene og rapportere hvordan den lot seg overføre, slik at registreringene viser læring som beveger seg mellom enhetene.",
  },
  culture_claim_with_influence_pitfall: {
    en: "Before calling co-production the culture, face {pitfall}: go through {lessons} with the units that wrote them, tell the citizens involved what came of their input, and agree on what citizens can influence before they are asked again.",
    da: "Før samskabelse kaldes kulturen, må I se {pitfall} i øjnene: gennemgå {lessons} med de enheder, der skrev dem, fortæl de involverede borgere, hvad der kom ud af deres input, og aftal, hvad borgerne kan få indflydelse på, før de bliver spurgt igen.",
    nb: "Før samskaping kalles kulturen, må dere ta {pitfall} på alvor: gå gjennom {lessons} med enhetene som skrev dem, fortell innbyggerne som var med, hva som kom ut av innspillene deres, og bli enige om hva innbyggerne kan påvirke før de blir spurt igjen.",
  },
};

/**
 * When the records already show what the next rung asks for but no running initiative claims it: what
 * taking that rung means, by the rung to take.
 */
export const NEXT_RUNG_TEXTS: Record<Exclude<Stage, "ad_hoc_individual">, Localized> = {
  ad_hoc_collective: {
    en: "Take what individuals do into the team: agree on it together, so that it no longer depends on one person.",
    da: "Tag det, de enkelte gør, ind i gruppen: aftal det i fællesskab, så det ikke længere afhænger af én person.",
    nb: "Ta det enkeltpersoner gjør, inn i gruppen: avtal det i fellesskap, slik at det ikke lenger er avhengig av én person.",
  },
  pilot: {
    en: "Turn a practice that works into a time-limited pilot with resources of its own, and decide at its end whether to discard it, embed it or carry it into a project.",
    da: "Gør en praksis, der virker, til et tidsbegrænset pilotprojekt med egne ressourcer, og beslut ved afslutningen, om det skal opgives, forankres i driften eller videreføres i et projekt.",
    nb: "Gjør en praksis som virker, til et tidsavgrenset pilotprosjekt med egne ressurser, og bestem ved avslutningen om det skal legges ned, forankres i driften eller videreføres i et prosjekt.",
  },
  project: {
    en: "Carry a pilot that worked into a project with a mandate and resources, record that it builds on the pilot, and plan what happens after it ends.",
    da: "Viderefør et vellykket pilotprojekt i et projekt med mandat og ressourcer, registrér, at det bygger på piloten, og planlæg, hvad der skal ske, når det slutter.",
    nb: "Viderefør et vellykket pilotprosjekt i et prosjekt med mandat og ressurser, registrer at det bygger på piloten, og planlegg hva som skal skje når det slutter.",
  },
  program: {
    en: "Bring related projects under one program with shared management, so that what they learn is routed between units.",
    da: "Saml beslægtede projekter i ét program med fælles ledelse, så det, de lærer, bringes videre mellem enhederne.",
    nb: "Samle beslektede prosjekter i ett program med felles ledelse, slik at det de lærer, bringes videre mellom enhetene.",
  },
  culture: {
    en: "Make co-production part of routines, roles and what managers are measured on, so that it no longer depends on single projects or enthusiasts.",
    da: "Gør samskabelse til en del af rutiner, roller og det, lederne bliver målt på, så det ikke længere afhænger af enkelte projekter eller ildsjæle.",
    nb: "Gjør samskaping til en del av rutiner, roller og det lederne blir målt på, slik at det ikke lenger er avhengig av enkeltprosjekter eller ildsjeler.",
  },
};

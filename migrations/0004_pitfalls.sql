-- The standard facet of failure patterns the co-production research warns of, with its terms, so that
-- counter-examples can be found by what went wrong in every database (also with SEED=none).
-- Term ids are fixed (not time-ordered) so that every database names the same pitfall the same way.
INSERT INTO facets (slug, kind, labels, description, position, created_at) VALUES
('pitfall', 'pitfall', '{"en":"Pitfall","da":"Faldgrube","nb":"Fallgruve"}', 'Failure patterns of co-production the research warns of (symbolic involvement, responsibility dumping, creaming…), so that counter-examples can be found by what went wrong.', 45, '2026-01-01T00:00:00.000Z');
--> statement-breakpoint
INSERT INTO terms (id, facet, slug, labels, synonyms, description, parent_id, status, version, created_at, updated_at) VALUES
('term_pitfall_symbolic_involvement', 'pitfall', 'symbolic_involvement',
 '{"en":"Symbolic involvement","da":"Symbolsk inddragelse","nb":"Symbolsk medvirkning"}',
 '{"en":["tokenism","token participation","window dressing","consultation without influence"],"da":["alibi-inddragelse","skinninddragelse","alibiinddragelse"],"nb":["skinnmedvirkning","alibimedvirkning","skinninvolvering"]}',
 'Citizens are invited or consulted so that involvement can be reported, without real influence on what is decided.',
 NULL, 'active', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('term_pitfall_responsibility_dumping', 'pitfall', 'responsibility_dumping',
 '{"en":"Responsibility dumping","da":"Ansvarsovervæltning","nb":"Ansvarsdumping"}',
 '{"en":["free labour","cost shifting","burden shifting","offloading onto citizens"],"da":["gratis arbejdskraft","ansvarsforskydning","ansvarsdumping"],"nb":["gratis arbeidskraft","ansvarsforskyvning","ansvarsoverveltning"]}',
 'Tasks and responsibility are shifted onto citizens, relatives or volunteers as unpaid labour, without the support, resources or say that should come with them.',
 NULL, 'active', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('term_pitfall_creaming', 'pitfall', 'creaming',
 '{"en":"Creaming","da":"Fløde-skumning","nb":"Fløteskumming"}',
 '{"en":["cream skimming","cherry-picking","reaching only the resourceful"],"da":["flødeskumning","de stærkeste borgere","de ressourcestærke"],"nb":["fløteskuming","de sterkeste brukerne","de ressurssterke"]}',
 'Co-production reaches mainly the most resourceful citizens, those most likely to succeed anyway, while those with the greatest needs are left out.',
 NULL, 'active', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('term_pitfall_consultation_fatigue', 'pitfall', 'consultation_fatigue',
 '{"en":"Consultation fatigue","da":"Høringstræthed","nb":"Medvirkningstretthet"}',
 '{"en":["participation fatigue","involvement fatigue","engagement fatigue"],"da":["inddragelsestræthed","deltagertræthed"],"nb":["høringstretthet","involveringstretthet"]}',
 'Participants tire of being asked again and again without seeing what came of their input, and stop taking part.',
 NULL, 'active', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('term_pitfall_voice_diluted', 'pitfall', 'voice_diluted',
 '{"en":"Voice diluted","da":"Udvandet stemme","nb":"Utvannet stemme"}',
 '{"en":["lost in translation","filtered out","watered down"],"da":["udvanding","borgerstemmen filtreres"],"nb":["utvanning","brukerstemmen filtreres"]}',
 'What citizens said is summarised, filtered and softened on its way up through the hierarchy until those who decide no longer hear it.',
 NULL, 'active', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('term_pitfall_professional_dominance', 'pitfall', 'professional_dominance',
 '{"en":"Professional dominance","da":"Faglig dominans","nb":"Faglig dominans"}',
 '{"en":["staff know best","expert dominance","professional gatekeeping"],"da":["professionel dominans","definitionsmagt","fagprofessionel definitionsmagt"],"nb":["profesjonsdominans","definisjonsmakt","fagprofesjonell definisjonsmakt"]}',
 'Staff keep the power to define problems and solutions, so citizens'' knowledge counts only where it fits the professional frame.',
 NULL, 'active', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('term_pitfall_pilot_trap', 'pitfall', 'pilot_trap',
 '{"en":"Pilot trap","da":"Projektitis","nb":"Prosjektitis"}',
 '{"en":["projectitis","pilotitis","perpetual pilot","never scaled up"],"da":["pilotfælde","evig pilot","pilotprojektitis"],"nb":["pilotfelle","evig pilot","pilotprosjektitis"]}',
 'Co-production stays a time-limited pilot or project that ends with its funding or its enthusiasts instead of becoming ordinary practice.',
 NULL, 'active', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');

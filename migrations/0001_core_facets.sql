-- The facets every samskab database has. Context dimensions are ordinary rows of kind 'context':
-- an administrator adds another through POST /v1/vocabularies, no migration needed.
INSERT INTO facets (slug, kind, labels, description, position, created_at) VALUES
('mechanism', 'mechanism', '{"en":"Mechanism","da":"Mekanisme","nb":"Mekanisme"}', 'The generative mechanism that fired or failed: why co-production worked or did not.', 10, '2026-01-01T00:00:00.000Z'),
('outcome', 'outcome', '{"en":"Outcome","da":"Resultat","nb":"Resultat"}', 'What came of it, each with an effect direction.', 20, '2026-01-01T00:00:00.000Z'),
('pressure', 'pressure', '{"en":"Pressure","da":"Pres","nb":"Press"}', 'Conflicting pressures met: political, budgetary, accountability, legitimacy…', 30, '2026-01-01T00:00:00.000Z'),
('approach', 'approach', '{"en":"Approach","da":"Metode","nb":"Metode"}', 'Co-production approaches and methods used (BIKVA, picture cards, dream scenarios…).', 40, '2026-01-01T00:00:00.000Z'),
('serviceArea', 'context', '{"en":"Service area","da":"Fagområde","nb":"Tjenesteområde"}', 'The public service the lesson comes from.', 50, '2026-01-01T00:00:00.000Z'),
('userGroup', 'context', '{"en":"User group","da":"Målgruppe","nb":"Brukergruppe"}', 'The citizens or service users involved.', 60, '2026-01-01T00:00:00.000Z'),
('setting', 'context', '{"en":"Setting","da":"Område","nb":"Område"}', 'Where it happened: urban, rural, island…', 70, '2026-01-01T00:00:00.000Z'),
('organisationForm', 'context', '{"en":"Organisation form","da":"Organisationsform","nb":"Organisasjonsform"}', 'How the work is organised: hierarchical, team-based, network, third-sector partner.', 80, '2026-01-01T00:00:00.000Z'),
('scale', 'context', '{"en":"Scale","da":"Omfang","nb":"Omfang"}', 'How far the co-production reaches: one team up to inter-organisational.', 90, '2026-01-01T00:00:00.000Z');

-- How people describe consultation fatigue in their own words: "they stopped coming", "tired of being
-- asked". Added to the pitfall's synonyms in each language (kept with any synonyms already there), so
-- a question in those words names the pitfall. The term's version is bumped: its content changed.
UPDATE `terms` SET
  `synonyms` = json_set(coalesce(`synonyms`, '{}'),
    '$.en', (SELECT json_group_array(value) FROM (
      SELECT value FROM json_each(coalesce(json_extract(`terms`.`synonyms`, '$.en'), '[]'))
      UNION SELECT value FROM json_each('["tired of being asked","stopped taking part","stop taking part","stopped coming","stop coming","stopped showing up","no longer came"]'))),
    '$.da', (SELECT json_group_array(value) FROM (
      SELECT value FROM json_each(coalesce(json_extract(`terms`.`synonyms`, '$.da'), '[]'))
      UNION SELECT value FROM json_each('["trætte af at blive spurgt","træt af at blive spurgt","holdt op med at komme","holdt op med at deltage","kom ikke længere"]'))),
    '$.nb', (SELECT json_group_array(value) FROM (
      SELECT value FROM json_each(coalesce(json_extract(`terms`.`synonyms`, '$.nb'), '[]'))
      UNION SELECT value FROM json_each('["lei av å bli spurt","sluttet å komme","sluttet å delta","ville ikke stille","kom ikke lenger"]')))),
  `version` = `version` + 1
WHERE `id` = 'term_pitfall_consultation_fatigue';

-- Full-text index of lesson text. Contentless: the text is stored stemmed (stop words dropped, in the
-- lesson's language) by the service, which analyses it in JavaScript since FTS5 takes no custom
-- tokenizer from there. The rowid is lesson_docs.doc_id. Columns: title, summary, why, and the
-- narratives (context, outcome, coping) together. Prefix indexes serve as-you-type queries.
CREATE VIRTUAL TABLE lesson_text USING fts5(
  title, summary, why, narrative,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);

-- The in-memory lesson index may be saved on shutdown and loaded at the next start instead of being rebuilt
-- row by row (src/domain/index-snapshot.ts). It is used only while the database's index generation equals
-- the one it was saved at: every write to what the index is derived from (the lessons' indexed fields,
-- their doc ids, their terms, their adaptations) draws a new random generation in the same transaction,
-- through these triggers. Random, not a counter: a database restored from a backup and written to again
-- cannot come back to a generation some saved index was made at.
CREATE TABLE `search_index_state` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`generation` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_index_state` (`id`, `generation`) VALUES (1, random());
--> statement-breakpoint
CREATE TRIGGER `lessons_index_insert` AFTER INSERT ON `lessons` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lessons_index_update` AFTER UPDATE OF `id`, `unit_id`, `organisation_id`, `status`, `visibility`, `language`, `stage`, `evidence_kind`, `published_at` ON `lessons` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lessons_index_delete` AFTER DELETE ON `lessons` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lesson_docs_index_insert` AFTER INSERT ON `lesson_docs` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lesson_docs_index_update` AFTER UPDATE ON `lesson_docs` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lesson_docs_index_delete` AFTER DELETE ON `lesson_docs` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lesson_terms_index_insert` AFTER INSERT ON `lesson_terms` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lesson_terms_index_update` AFTER UPDATE OF `lesson_id`, `term_id`, `direction` ON `lesson_terms` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lesson_terms_index_delete` AFTER DELETE ON `lesson_terms` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `adaptations_index_insert` AFTER INSERT ON `adaptations` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `adaptations_index_update` AFTER UPDATE OF `lesson_id`, `result` ON `adaptations` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `adaptations_index_delete` AFTER DELETE ON `adaptations` BEGIN UPDATE `search_index_state` SET `generation` = random() WHERE `id` = 1; END;

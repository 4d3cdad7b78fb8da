CREATE TABLE `adaptation_mechanisms` (
	`adaptation_id` text NOT NULL,
	`term_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`adaptation_id`, `term_id`),
	FOREIGN KEY (`adaptation_id`) REFERENCES `adaptations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `lesson_terms` ADD `coping` text;--> statement-breakpoint
ALTER TABLE `lesson_terms` ADD `strategy` text;--> statement-breakpoint
ALTER TABLE `lesson_terms` ADD `coping_carried_over` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- A lesson's single coping text moves onto its first pressure (lowest position among its pressure
-- terms), marked as carried over: it was written once for all of the lesson's pressures.
UPDATE `lesson_terms` SET
	`coping` = (SELECT `l`.`coping` FROM `lessons` `l` WHERE `l`.`id` = `lesson_terms`.`lesson_id`),
	`coping_carried_over` = 1
WHERE `lesson_terms`.`position` = (
	SELECT min(`p`.`position`) FROM `lesson_terms` `p`
	JOIN `terms` `t` ON `t`.`id` = `p`.`term_id`
	JOIN `facets` `f` ON `f`.`slug` = `t`.`facet`
	WHERE `p`.`lesson_id` = `lesson_terms`.`lesson_id` AND `f`.`kind` = 'pressure'
)
AND EXISTS (
	SELECT 1 FROM `lessons` `l`
	WHERE `l`.`id` = `lesson_terms`.`lesson_id` AND `l`.`coping` IS NOT NULL AND trim(`l`.`coping`) <> ''
);--> statement-breakpoint
-- What moved leaves the lesson row; a lesson without pressures keeps its text there (coping tied to no pressure).
UPDATE `lessons` SET `coping` = NULL
WHERE `coping` IS NOT NULL AND EXISTS (
	SELECT 1 FROM `lesson_terms` `lt` WHERE `lt`.`lesson_id` = `lessons`.`id` AND `lt`.`coping_carried_over` = 1
);

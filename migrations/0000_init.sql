CREATE TABLE `adaptations` (
	`id` text PRIMARY KEY NOT NULL,
	`lesson_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`result` text NOT NULL,
	`translated` text,
	`notes` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `adaptations_lesson_unit_unique` ON `adaptations` (`lesson_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `adaptations_created` ON `adaptations` (`lesson_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `facets` (
	`slug` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`labels` text NOT NULL,
	`description` text,
	`position` integer DEFAULT 100 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `initiative_approaches` (
	`initiative_id` text NOT NULL,
	`term_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `term_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `initiative_lineage` (
	`initiative_id` text NOT NULL,
	`builds_on_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `builds_on_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`builds_on_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "initiative_lineage_not_self" CHECK("initiative_lineage"."initiative_id" <> "initiative_lineage"."builds_on_id")
);
--> statement-breakpoint
CREATE INDEX `initiative_lineage_builds_on` ON `initiative_lineage` (`builds_on_id`);--> statement-breakpoint
CREATE TABLE `initiative_units` (
	`initiative_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `unit_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiative_units_unit` ON `initiative_units` (`unit_id`);--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`stage` text NOT NULL,
	`status` text NOT NULL,
	`lead_unit_id` text NOT NULL,
	`program_id` text,
	`started_on` text,
	`ended_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiatives_created` ON `initiatives` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `initiatives_org` ON `initiatives` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `initiatives_program` ON `initiatives` (`program_id`);--> statement-breakpoint
CREATE TABLE `lesson_terms` (
	`lesson_id` text NOT NULL,
	`term_id` text NOT NULL,
	`direction` text,
	`position` integer NOT NULL,
	PRIMARY KEY(`lesson_id`, `term_id`),
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lesson_terms_term` ON `lesson_terms` (`term_id`);--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`initiative_id` text,
	`author_id` text,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`language` text NOT NULL,
	`context_narrative` text,
	`why` text NOT NULL,
	`outcome_narrative` text,
	`evidence_kind` text NOT NULL,
	`evidence_reference` text,
	`coping` text,
	`stage` text NOT NULL,
	`status` text NOT NULL,
	`visibility` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lessons_created` ON `lessons` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `lessons_unit` ON `lessons` (`unit_id`);--> statement-breakpoint
CREATE INDEX `lessons_status` ON `lessons` (`status`);--> statement-breakpoint
CREATE INDEX `lessons_initiative` ON `lessons` (`initiative_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_name_unique` ON `organisations` (lower("name"));--> statement-breakpoint
CREATE INDEX `organisations_created` ON `organisations` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `terms` (
	`id` text PRIMARY KEY NOT NULL,
	`facet` text NOT NULL,
	`slug` text NOT NULL,
	`labels` text NOT NULL,
	`synonyms` text NOT NULL,
	`description` text,
	`parent_id` text,
	`status` text DEFAULT 'active' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`facet`) REFERENCES `facets`(`slug`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terms_facet_slug_unique` ON `terms` (`facet`,`slug`);--> statement-breakpoint
CREATE INDEX `terms_parent` ON `terms` (`parent_id`);--> statement-breakpoint
CREATE TABLE `unit_context` (
	`unit_id` text NOT NULL,
	`term_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `term_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unit_context_term` ON `unit_context` (`term_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`description` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_org_name_unique` ON `units` (`organisation_id`,lower("name"));--> statement-breakpoint
CREATE INDEX `units_created` ON `units` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `units_parent` ON `units` (`parent_id`);
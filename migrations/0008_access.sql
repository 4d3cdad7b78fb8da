CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`organisation_id` text,
	`unit_id` text,
	`scopes` text DEFAULT '[]' NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_created` ON `api_keys` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`actor_key_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`organisation_id` text,
	`version_before` integer,
	`version_after` integer,
	`request_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_id_unique` ON `audit_log` (`id`);--> statement-breakpoint
CREATE INDEX `audit_log_resource` ON `audit_log` (`resource_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_key_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_organisation` ON `audit_log` (`organisation_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`,`seq`);--> statement-breakpoint
ALTER TABLE `adaptations` ADD `author_key_id` text;--> statement-breakpoint
ALTER TABLE `lessons` ADD `external_author_ref` text;--> statement-breakpoint
ALTER TABLE `lessons` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `lessons` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `lessons` ADD `reviewed_by` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `allow_self_publish` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- the free-text authors of lessons from before keys become external author references: author_id names a key now
UPDATE `lessons` SET `external_author_ref` = `author_id`, `author_id` = NULL WHERE `author_id` IS NOT NULL;--> statement-breakpoint
-- the audit log is append-only: no statement may change or remove an entry
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

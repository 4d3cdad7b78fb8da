CREATE TABLE `escalation_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`escalation_id` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`actions` text DEFAULT '[]' NOT NULL,
	`author_key_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `escalation_responses_escalation` ON `escalation_responses` (`escalation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` text PRIMARY KEY NOT NULL,
	`lesson_id` text NOT NULL,
	`from_unit_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`to_unit_id` text,
	`to_organisation_id` text,
	`ask` text NOT NULL,
	`due_by` text,
	`status` text DEFAULT 'open' NOT NULL,
	`meeting_id` text,
	`author_key_id` text,
	`answered_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `routine_meetings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "escalations_one_target" CHECK(("escalations"."to_unit_id" IS NULL) <> ("escalations"."to_organisation_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `escalations_created` ON `escalations` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `escalations_to_unit` ON `escalations` (`to_unit_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `escalations_to_organisation` ON `escalations` (`to_organisation_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `escalations_from_unit` ON `escalations` (`from_unit_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `escalations_lesson` ON `escalations` (`lesson_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`lesson_id` text,
	`organisation_id` text,
	`created_at` text NOT NULL,
	`dispatched_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_id_unique` ON `outbox` (`id`);--> statement-breakpoint
CREATE INDEX `outbox_undispatched` ON `outbox` (`dispatched_at`,`seq`);--> statement-breakpoint
CREATE TABLE `routine_agendas` (
	`routine_id` text NOT NULL,
	`due_at` text NOT NULL,
	`produced_at` text NOT NULL,
	PRIMARY KEY(`routine_id`, `due_at`),
	FOREIGN KEY (`routine_id`) REFERENCES `routines`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `routine_audience` (
	`routine_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`routine_id`, `unit_id`),
	FOREIGN KEY (`routine_id`) REFERENCES `routines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `routine_audience_unit` ON `routine_audience` (`unit_id`);--> statement-breakpoint
CREATE TABLE `routine_decisions` (
	`meeting_id` text NOT NULL,
	`routine_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`decision` text NOT NULL,
	`note` text,
	`adaptation_id` text,
	`escalation_id` text,
	`position` integer NOT NULL,
	PRIMARY KEY(`routine_id`, `lesson_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `routine_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`routine_id`) REFERENCES `routines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`adaptation_id`) REFERENCES `adaptations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `routine_decisions_meeting` ON `routine_decisions` (`meeting_id`,`position`);--> statement-breakpoint
CREATE TABLE `routine_meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`routine_id` text NOT NULL,
	`held_on` text NOT NULL,
	`author_key_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`routine_id`) REFERENCES `routines`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `routine_meetings_routine` ON `routine_meetings` (`routine_id`,`held_on`,`created_at`);--> statement-breakpoint
CREATE TABLE `routines` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`owner_unit_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`filter` text NOT NULL,
	`cadence` text NOT NULL,
	`forum` text,
	`language` text,
	`next_agenda_at` text NOT NULL,
	`author_key_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `routines_created` ON `routines` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `routines_owner` ON `routines` (`owner_unit_id`);--> statement-breakpoint
CREATE INDEX `routines_organisation` ON `routines` (`organisation_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `routines_due` ON `routines` (`next_agenda_at`);--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`delivery_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`status_code` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	`manual` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`delivery_id`, `attempt`),
	FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`webhook_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_status_code` integer,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_event` ON `webhook_deliveries` (`webhook_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_webhook` ON `webhook_deliveries` (`webhook_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`filter` text,
	`description` text,
	`secret` text NOT NULL,
	`key_id` text NOT NULL,
	`organisation_id` text,
	`status` text DEFAULT 'active' NOT NULL,
	`disabled_reason` text,
	`failing_since` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhooks_created` ON `webhooks` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `webhooks_status` ON `webhooks` (`status`);
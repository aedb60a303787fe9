CREATE TABLE "org_accounts" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"contact_user_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_accounts_version_ck" CHECK ("org_accounts"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "org_accounts" ADD CONSTRAINT "org_accounts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_accounts" ADD CONSTRAINT "org_accounts_contact_user_id_users_id_fk" FOREIGN KEY ("contact_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_accounts_contact_idx" ON "org_accounts" USING btree ("contact_user_id");--> statement-breakpoint
-- Organizations whose members were granted before accounts had a contact person: the earliest member answers for it.
INSERT INTO "org_accounts" ("org_id", "contact_user_id")
SELECT DISTINCT ON (g."org_id") g."org_id", g."user_id" FROM "role_grants" g WHERE g."role" = 'orgMember' AND g."org_id" IS NOT NULL ORDER BY g."org_id", g."created_at", g."id";

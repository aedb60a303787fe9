CREATE TABLE "assessment_survey_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"phone_digest" text NOT NULL,
	"overall" smallint NOT NULL,
	"service" smallint NOT NULL,
	"staff" smallint NOT NULL,
	"responsiveness" smallint NOT NULL,
	"environment" smallint NOT NULL,
	"comment" text,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_survey_answers_range_ck" CHECK (least("assessment_survey_answers"."overall", "assessment_survey_answers"."service", "assessment_survey_answers"."staff", "assessment_survey_answers"."responsiveness", "assessment_survey_answers"."environment") >= 1 and greatest("assessment_survey_answers"."overall", "assessment_survey_answers"."service", "assessment_survey_answers"."staff", "assessment_survey_answers"."responsiveness", "assessment_survey_answers"."environment") <= 5)
);
--> statement-breakpoint
ALTER TABLE "sms_codes" DROP CONSTRAINT "sms_codes_purpose_enum_ck";--> statement-breakpoint
ALTER TABLE "assessment_survey_answers" ADD CONSTRAINT "assessment_survey_answers_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_survey_answers_uq" ON "assessment_survey_answers" USING btree ("subject_id","phone_digest");--> statement-breakpoint
ALTER TABLE "sms_codes" ADD CONSTRAINT "sms_codes_purpose_enum_ck" CHECK ("purpose" in ('register', 'resetPassword', 'survey'));
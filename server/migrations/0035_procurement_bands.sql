CREATE TABLE "procurement_method_bands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"binding" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "procurement_method_bands_method_enum_ck" CHECK ("method" in ('publicTender', 'competitiveConsultation', 'competitiveNegotiation', 'inquiry', 'singleSource')),
	CONSTRAINT "procurement_method_bands_from_ck" CHECK ("procurement_method_bands"."from_fen" >= 0),
	CONSTRAINT "procurement_method_bands_note_ck" CHECK (char_length("procurement_method_bands"."note") <= 200)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_method_bands_from_uq" ON "procurement_method_bands" USING btree ("from_fen");
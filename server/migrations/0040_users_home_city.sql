-- An account's home city (issue 16 §3): the city of its earliest staff grant (a region's or a department's); accounts with none — applicants, organizations' members, experts — stay every city's.
ALTER TABLE "users" ADD COLUMN "home_city_id" uuid;
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_home_city_id_regions_id_fk" FOREIGN KEY ("home_city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
UPDATE "users" u SET "home_city_id" = (
  SELECT c."id" FROM "role_grants" g
    LEFT JOIN "regions" r ON r."id" = g."region_id"
    LEFT JOIN "departments" d ON d."id" = g."department_id"
    JOIN "regions" c ON c."level" = 'city' AND (c."id" = d."city_id" OR r."path" LIKE c."path" || '%')
  WHERE g."user_id" = u."id"
  ORDER BY g."created_at", g."id"
  LIMIT 1
);

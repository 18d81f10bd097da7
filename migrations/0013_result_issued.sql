ALTER TABLE "dossier_attachments" ADD COLUMN "issued" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Results already issued: the files an attach_result named.
UPDATE "dossier_attachments" AS a SET "issued" = true
WHERE a."kind" = 'result' AND EXISTS (
  SELECT 1 FROM "dossier_actions" AS x
  WHERE x."dossier_id" = a."dossier_id" AND x."type" = 'attach_result'
    AND x."payload" -> 'attachmentIds' ? a."id"::text
);

DROP INDEX "documents_agency_state";--> statement-breakpoint
CREATE INDEX "documents_agency_created" ON "documents" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "documents_search_trgm" ON "documents" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "documents_agency_state" ON "documents" USING btree ("agency_id","direction","state","updated_at");
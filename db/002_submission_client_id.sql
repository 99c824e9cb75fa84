-- A client-generated UUID per submission, so a client that is not sure a submission arrived (an
-- offline queue, a lost answer, Retry) can send it again: a repeat returns the stored row instead of
-- a second one. Nullable: older clients and rows have none; unique where present.
alter table submissions add column client_id uuid unique;

comment on column submissions.client_id is
  'The submitting client''s UUID for this drawing (idempotency key of POST /api/submissions), or null';

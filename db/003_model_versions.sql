-- Model versions announced to the servers on this database: every successful POST /api/model/reload
-- adds a row (and a NOTIFY on channel digitnet_model carrying it), so running replicas switch to it
-- at once and a replica starting later loads the newest row instead of its MODEL_PATH.
create table model_versions (
  id bigint generated always as identity primary key,
  announced_at timestamptz not null default now(),
  -- The served name, file stem and first 8 hex digits of the sha256: what submissions.model_version holds.
  version text not null check (length(version) between 1 and 200),
  -- The file, relative to the models folder every replica has (MODEL_PATH's folder).
  file text not null check (
    file ~ '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*\.safetensors$' and file !~ '(^|/)\.\.(/|$)'
  ),
  -- The whole file's sha256: a replica refuses a file whose bytes differ.
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- The model card's parent version (a fine-tuned model's), when it names one.
  parent text check (length(parent) between 1 and 200)
);

create index model_versions_version on model_versions (version);

comment on table model_versions is 'Model files announced by POST /api/model/reload, newest last';

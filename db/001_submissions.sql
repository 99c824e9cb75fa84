-- Labelled drawings: what the user drew and says it is, what the model saw and answered.
-- The constraints make a bad row impossible whatever writes it.
create table submissions (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  -- The digit the user says they drew.
  label smallint not null check (label between 0 and 9),
  -- The server's model on `pixels`: its answer, the answer's probability, all ten probabilities.
  prediction smallint not null check (prediction between 0 and 9),
  confidence real not null check (confidence between 0 and 1),
  probabilities real[] not null check (
    array_ndims(probabilities) = 1
    and cardinality(probabilities) = 10
    and array_position(probabilities, null) is null
    and 0 <= all (probabilities)
    and 1 >= all (probabilities)
  ),
  model_version text not null check (length(model_version) between 1 and 200),
  -- The 28x28 greyscale image (row-major, 0-255, ink bright) the model saw.
  pixels bytea not null check (octet_length(pixels) = 784),
  -- The PNG the browser sent, as sent: signature checked, size capped at 1 MiB.
  drawing bytea not null check (
    octet_length(drawing) between 8 and 1048576
    and substring(drawing from 1 for 8) = '\x89504e470d0a1a0a'::bytea
  ),
  drawing_width integer not null check (drawing_width between 1 and 16384),
  drawing_height integer not null check (drawing_height between 1 and 16384),
  -- What the user was shown, when the client says (it may differ from the server's answer when
  -- the client ran another model version, or ran the model itself).
  client_prediction smallint check (client_prediction between 0 and 9),
  client_confidence real check (client_confidence between 0 and 1),
  user_agent text check (length(user_agent) <= 512),
  -- Small facts about how it was drawn (pointer type, device pixel ratio, strokes, time taken).
  client jsonb check (jsonb_typeof(client) = 'object' and length(client::text) <= 2048),
  constraint confidence_is_the_predictions_probability
    check (confidence = probabilities[prediction + 1]),
  constraint prediction_is_the_most_probable_digit
    check (probabilities[prediction + 1] >= all (probabilities))
);

comment on table submissions is 'Labelled drawings sent by users of the digit recogniser';

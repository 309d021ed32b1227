-- The AI usage log: one row per AI call, written once, never changed.
-- Costs are exact NUMERIC (unconstrained scale, so nothing is ever rounded on the way in); a NULL
-- cost means the model had no price at the call's date: unknown, not free.

CREATE TABLE ai_usage_logs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 200),
  user_id text NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
  feature_name text NOT NULL CHECK (length(feature_name) BETWEEN 1 AND 100),
  model_name text NOT NULL CHECK (length(model_name) BETWEEN 1 AND 100),
  input_tokens integer NOT NULL CHECK (input_tokens >= 0),
  cached_input_tokens integer NOT NULL CHECK (cached_input_tokens >= 0),
  cache_write_input_tokens integer NOT NULL CHECK (cache_write_input_tokens >= 0),
  output_tokens integer NOT NULL CHECK (output_tokens >= 0),
  total_tokens integer NOT NULL CHECK (total_tokens >= 0),
  estimated_cost numeric CHECK (estimated_cost >= 0),
  request_duration_ms integer NOT NULL CHECK (request_duration_ms >= 0),
  success boolean NOT NULL,
  error_type text CHECK (length(error_type) BETWEEN 1 AND 100),
  plan_type text CHECK (length(plan_type) BETWEEN 1 AND 100),
  release text CHECK (length(release) BETWEEN 1 AND 200),
  client_id text CHECK (length(client_id) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Cache reads and cache writes are disjoint subsets of the input tokens (repricing charges
  -- input - cached - cache_write at the input price). bigint: two integers may overflow integer.
  CONSTRAINT ai_usage_logs_cache_tokens_within_input
    CHECK (cached_input_tokens::bigint + cache_write_input_tokens <= input_tokens),
  -- A failed call names its error category; a successful one has none.
  CONSTRAINT ai_usage_logs_error_type_iff_failed CHECK ((error_type IS NULL) = success),
  -- Idempotency: INSERT ... ON CONFLICT (request_id) DO NOTHING relies on this.
  CONSTRAINT ai_usage_logs_request_id_key UNIQUE (request_id)
);

-- Range scans: cost/tokens per day, overall failure rate, active users, unit economics,
-- top users and repricing all filter on created_at alone.
CREATE INDEX ai_usage_logs_created_at_idx ON ai_usage_logs (created_at);
-- One user's usage over a range (quotas, a customer's bill), and any query filtered by user.
CREATE INDEX ai_usage_logs_user_created_at_idx ON ai_usage_logs (user_id, created_at);
-- Queries filtered by model (a model's cost, latency or failures over a range).
CREATE INDEX ai_usage_logs_model_created_at_idx ON ai_usage_logs (model_name, created_at);
-- Queries filtered by feature (a feature's cost, latency or failures over a range).
CREATE INDEX ai_usage_logs_feature_created_at_idx ON ai_usage_logs (feature_name, created_at);

-- Insert-only: the database itself refuses UPDATE, DELETE and TRUNCATE, whatever client sends
-- them. Statement-level, so even a statement matching no row is refused. ON CONFLICT DO NOTHING
-- does not fire UPDATE triggers, so idempotent inserts are unaffected. Retention (dropping old
-- rows) is an owner's deliberate act: ALTER TABLE ai_usage_logs DISABLE TRIGGER ... first.
CREATE FUNCTION ai_usage_logs_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ai_usage_logs is insert-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Usage records are written once and never changed.';
END
$$;

CREATE TRIGGER ai_usage_logs_insert_only
  BEFORE UPDATE OR DELETE ON ai_usage_logs
  FOR EACH STATEMENT EXECUTE FUNCTION ai_usage_logs_reject_change();

CREATE TRIGGER ai_usage_logs_no_truncate
  BEFORE TRUNCATE ON ai_usage_logs
  FOR EACH STATEMENT EXECUTE FUNCTION ai_usage_logs_reject_change();

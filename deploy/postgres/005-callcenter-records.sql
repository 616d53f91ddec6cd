-- CallCenter's durable call records (Grains/Records/PostgresCallRecordStore.cs), the PostgreSQL form of the SQLite
-- tables call_records and call_turns: a row per call (updated after every turn) and a row per turn.
-- Applied once by `dotnet CallCenter.Silo.dll migrate`; never edit it once applied: add a new numbered script.

CREATE TABLE call_records (
    call_id          text PRIMARY KEY,
    -- The order calls were first written (an upsert keeps it): the cursor of the paged reads.
    position         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    channel          text NOT NULL,
    language         text NOT NULL,
    status           text NOT NULL,
    customer_id      text,
    started_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    outcome          text NOT NULL,
    urgent           boolean NOT NULL,
    emotion_score    double precision NOT NULL,
    handoff_reason   text,
    turn_count       integer NOT NULL,
    transferred_at   timestamptz,
    agent_id         text,
    disposition      text,
    disposition_note text,
    summary          text,
    satisfaction     double precision
);

CREATE INDEX ix_call_records_status ON call_records (status, started_at);
CREATE INDEX ix_call_records_started ON call_records (started_at);

CREATE TABLE call_turns (
    call_id    text NOT NULL REFERENCES call_records (call_id),
    seq        integer NOT NULL,
    speaker    text NOT NULL,
    text       text NOT NULL,
    time       timestamptz NOT NULL,
    intent     text,
    entities   text NOT NULL,
    emotion    double precision,
    confidence double precision,
    brain      text,
    heard      text,
    latency    text,
    PRIMARY KEY (call_id, seq)
);

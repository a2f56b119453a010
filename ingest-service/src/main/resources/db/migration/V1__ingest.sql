-- One row per (paper, version) the service decided to publish. A row with published_at NULL is an intent: it went (or
-- is going) to Kafka but no acknowledgement was recorded, so the next sighting of the paper sends it again (sources do
-- not move their cursors past it; the coverage audit re-fetches listed papers still pending).
CREATE TABLE seen (
    arxiv_id      text        NOT NULL,
    version       int         NOT NULL,
    source        text        NOT NULL,
    first_seen    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    PRIMARY KEY (arxiv_id, version)
) WITH (fillfactor = 80); -- room on each page so marking a row published is a HOT update (no index churn)

-- What the feeds listed per announcement day and category (new, cross and replacement listings), for the coverage audit.
CREATE TABLE listing (
    day            date NOT NULL,
    category       text NOT NULL,
    arxiv_id       text NOT NULL,
    version        int  NOT NULL,
    announce_type  text NOT NULL,
    source         text NOT NULL,
    PRIMARY KEY (day, category, arxiv_id, version)
);
CREATE INDEX listing_paper ON listing (arxiv_id, version);

-- Per harvesting source: its cursor and health.
CREATE TABLE source_state (
    source         text PRIMARY KEY,
    cursor_value   text,
    last_run       timestamptz,
    last_success   timestamptz,
    last_error     text,
    last_error_at  timestamptz,
    next_run       timestamptz,
    published      bigint NOT NULL DEFAULT 0
);

CREATE SEQUENCE backfill_job_seq START 1 INCREMENT 50;
-- OAI-PMH backfills; the resumption state survives restarts so a job continues where it stopped.
CREATE TABLE backfill_job (
    id                bigint PRIMARY KEY,
    from_date         date,
    until_date        date,
    sets              text,
    metadata_prefix   text        NOT NULL,
    state             text        NOT NULL,
    resumption_token  text,
    token_expires     timestamptz,
    pages             int         NOT NULL DEFAULT 0,
    done              bigint      NOT NULL DEFAULT 0,
    published         bigint      NOT NULL DEFAULT 0,
    total             bigint,
    set_index         int         NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    started_at        timestamptz,
    updated_at        timestamptz,
    finished_at       timestamptz,
    error             text
);

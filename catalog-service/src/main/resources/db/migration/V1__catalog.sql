-- The catalog: papers with their versions, machine classifications, curator corrections, and the outbox of events.
-- Ids come from sequences (allocation 50) so that Hibernate can batch inserts.

CREATE TABLE paper (
    arxiv_id          text PRIMARY KEY,
    version           integer     NOT NULL,
    title             text        NOT NULL,
    abstract          text,
    authors           jsonb       NOT NULL DEFAULT '[]',
    author_names      text        NOT NULL DEFAULT '',
    categories        text[]      NOT NULL DEFAULT '{}',
    links             jsonb       NOT NULL DEFAULT '[]',
    comment           text,
    journal_ref       text,
    doi               text,
    submitted         timestamptz,
    updated           timestamptz,
    announced         date,
    -- the current machine decision (one row of classification)
    classification_id bigint,
    model_version     text,
    machine_relevant  boolean,
    score             double precision,
    -- curator overrides, null when no curator has spoken
    override_relevant boolean,
    override_leaves   text[],
    -- the decision as shown: machine decision with curator overrides applied
    relevant          boolean     NOT NULL DEFAULT false,
    leaves            jsonb       NOT NULL DEFAULT '[]',
    leaf_ids          text[]      NOT NULL DEFAULT '{}',
    decided_at        timestamptz,
    row_version       integer     NOT NULL DEFAULT 0,
    search            tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
                       || setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'B')
                       || setweight(to_tsvector('english'::regconfig, author_names), 'C')) STORED
);
CREATE INDEX paper_search_idx ON paper USING gin (search);
CREATE INDEX paper_leaf_ids_idx ON paper USING gin (leaf_ids);
CREATE INDEX paper_categories_idx ON paper USING gin (categories);
CREATE INDEX paper_relevant_announced_idx ON paper (relevant, announced DESC);
CREATE INDEX paper_model_version_idx ON paper (model_version);

CREATE SEQUENCE paper_version_seq INCREMENT BY 50;
CREATE TABLE paper_version (
    id            bigint PRIMARY KEY,
    arxiv_id      text        NOT NULL,
    version       integer     NOT NULL,
    title         text        NOT NULL,
    abstract      text,
    updated       timestamptz,
    announced     date,
    announce_type text,
    source        text,
    harvested_at  timestamptz,
    received_at   timestamptz NOT NULL,
    -- false for a version that arrived after a newer one and so did not change the paper
    applied       boolean     NOT NULL,
    CONSTRAINT paper_version_uk UNIQUE (arxiv_id, version)
);

CREATE SEQUENCE classification_seq INCREMENT BY 50;
CREATE TABLE classification (
    id            bigint PRIMARY KEY,
    arxiv_id      text             NOT NULL,
    version       integer          NOT NULL,
    model_version text             NOT NULL,
    relevant      boolean          NOT NULL,
    score         double precision NOT NULL,
    leaves        jsonb            NOT NULL,
    evidence      jsonb            NOT NULL,
    classified_at timestamptz      NOT NULL
);
CREATE INDEX classification_arxiv_idx ON classification (arxiv_id);

CREATE SEQUENCE correction_seq INCREMENT BY 50;
CREATE TABLE correction (
    id         bigint PRIMARY KEY,
    arxiv_id   text        NOT NULL REFERENCES paper (arxiv_id),
    curator    text        NOT NULL,
    created_at timestamptz NOT NULL,
    relevant   boolean,
    leaves     text[],
    note       text
);
CREATE INDEX correction_arxiv_idx ON correction (arxiv_id);

CREATE SEQUENCE outbox_event_seq INCREMENT BY 50;
CREATE TABLE outbox_event (
    id         bigint PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    arxiv_id   text        NOT NULL,
    reason     text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outbox_event_unsent_idx ON outbox_event (id) WHERE sent_at IS NULL;

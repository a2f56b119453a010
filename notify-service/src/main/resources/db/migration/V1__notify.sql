-- Subscriptions, the papers they matched, the deliveries (outbox) and every attempt.

CREATE SEQUENCE subscription_seq START 1 INCREMENT 50;
CREATE TABLE subscription (
    id                  BIGINT PRIMARY KEY,
    channel             TEXT NOT NULL,            -- EMAIL, WEBHOOK
    address             TEXT NOT NULL,            -- normalised e-mail address or webhook URL
    webhook_format      TEXT,                     -- STANDARD, SLACK, DISCORD
    contact_email       TEXT,                     -- whom to tell when a webhook is disabled
    filter              JSONB NOT NULL,
    cadence             TEXT NOT NULL,            -- INSTANT, DAILY, WEEKLY
    digest_time         TIME,
    digest_day          TEXT,
    time_zone           TEXT,
    revisions_alert     BOOLEAN NOT NULL DEFAULT FALSE,
    status              TEXT NOT NULL,            -- PENDING_CONFIRMATION, ACTIVE, PAUSED, UNSUBSCRIBED, DISABLED
    status_reason       TEXT,
    token_hash          TEXT NOT NULL UNIQUE,     -- SHA-256 of the management token; the token itself is never stored
    confirm_token_hash  TEXT UNIQUE,
    unsubscribe_token   TEXT NOT NULL UNIQUE,     -- may only unsubscribe; printed in every e-mail
    secret              TEXT,
    previous_secret     TEXT,
    previous_secret_until TIMESTAMPTZ,
    next_digest_at      TIMESTAMPTZ,
    failing_since       TIMESTAMPTZ,
    delivered_count     BIGINT NOT NULL DEFAULT 0,
    failed_count        BIGINT NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX subscription_address ON subscription (address);
CREATE INDEX subscription_digest_due ON subscription (next_digest_at) WHERE status = 'ACTIVE' AND cadence <> 'INSTANT';

-- One row, bumped in the same transaction as any change of subscriptions: matchers reload their index when it moves.
CREATE TABLE subscription_version (
    id      INT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO subscription_version VALUES (1, 0);

CREATE TABLE confirmation_sent (
    address TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX confirmation_sent_address ON confirmation_sent (address, sent_at);

CREATE TABLE suppression (
    address    TEXT PRIMARY KEY,
    reason     TEXT NOT NULL,                     -- HARD_BOUNCE, COMPLAINT, MANUAL
    detail     TEXT,
    created_at TIMESTAMPTZ NOT NULL
);

-- One row per paper-classified event (the event id decides duplicates).
CREATE SEQUENCE paper_seq;
CREATE TABLE paper (
    id            BIGINT PRIMARY KEY DEFAULT nextval('paper_seq'),
    event_id      TEXT NOT NULL UNIQUE,
    arxiv_id      TEXT NOT NULL,
    version       INT NOT NULL,
    classified_at TIMESTAMPTZ NOT NULL,
    payload       JSONB NOT NULL
);
CREATE INDEX paper_arxiv ON paper (arxiv_id);

-- The outbox: one row per (subscription, paper[, version]) alert, per digest and per confirmation e-mail.
CREATE SEQUENCE delivery_seq;
CREATE TABLE delivery (
    id              BIGINT PRIMARY KEY DEFAULT nextval('delivery_seq'),
    subscription_id BIGINT NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,                -- ALERT, DIGEST, CONFIRMATION, DISABLED_NOTICE
    dedup_key       TEXT NOT NULL,                -- arXiv id (or id + version when revisions alert), digest period, ...
    paper_id        BIGINT REFERENCES paper (id),
    arxiv_id        TEXT,
    status          TEXT NOT NULL,                -- PENDING, DIGEST, BUNDLED, SENT, FAILED, CANCELLED, SUPPRESSED
    message_id      UUID NOT NULL DEFAULT gen_random_uuid(),  -- webhook-id: the same on every retry
    digest_id       BIGINT,
    items           JSONB,                        -- digest: ids of bundled deliveries and overflow count
    attempts        INT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    lease_until     TIMESTAMPTZ,
    classified_at   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ,
    last_error      TEXT,
    CONSTRAINT delivery_once UNIQUE (subscription_id, dedup_key)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_digest ON delivery (subscription_id) WHERE status = 'DIGEST';
CREATE INDEX delivery_arxiv ON delivery (arxiv_id) WHERE status IN ('PENDING', 'DIGEST');
CREATE INDEX delivery_bundle ON delivery (digest_id) WHERE digest_id IS NOT NULL;

CREATE SEQUENCE attempt_seq;
CREATE TABLE delivery_attempt (
    id              BIGINT PRIMARY KEY DEFAULT nextval('attempt_seq'),
    delivery_id     BIGINT NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempted_at    TIMESTAMPTZ NOT NULL,
    outcome         TEXT NOT NULL,                -- SENT, RETRY, FAILED, DISABLED, SUPPRESSED
    http_status     INT,
    error           TEXT,
    duration_ms     BIGINT,
    next_retry_at   TIMESTAMPTZ
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id);

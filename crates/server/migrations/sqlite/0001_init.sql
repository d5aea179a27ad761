-- prequal-server schema v1 (SQLite). Instants are integer milliseconds since the Unix epoch;
-- booleans are 0/1. Personal data lives only in applications.payload (AEAD-sealed) and in
-- consents.client_addr / user_agent; erasing nulls them and keeps counts and statuses.

CREATE TABLE partners (
    id              TEXT PRIMARY KEY,
    key_hash        TEXT NOT NULL UNIQUE,   -- SHA-256 of the publishable key, hex
    test            INTEGER NOT NULL,
    enabled         INTEGER NOT NULL,
    allowed_origins TEXT NOT NULL,          -- JSON array of origin patterns
    config_json     TEXT NOT NULL,          -- the configuration served and checked against
    config_version  TEXT NOT NULL,
    postback_url    TEXT,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE secrets (
    owner      TEXT NOT NULL,               -- 'operator' or 'partner:<id>'
    slot       INTEGER NOT NULL,            -- 0 the current secret, 1 the previous one
    key_id     TEXT NOT NULL,               -- which data key sealed it
    sealed     BLOB NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (owner, slot)
);

CREATE TABLE applications (
    application_id TEXT PRIMARY KEY,        -- = the Idempotency-Key
    partner_id     TEXT NOT NULL,
    test           INTEGER NOT NULL,
    status         TEXT NOT NULL,
    offer_id       TEXT NOT NULL,
    amount_kop     INTEGER,
    term_days      INTEGER,
    click_id       TEXT,
    sub1 TEXT, sub2 TEXT, sub3 TEXT, sub4 TEXT, sub5 TEXT,
    request_hash   TEXT NOT NULL,           -- SHA-256 of the canonical request body
    response_json  TEXT NOT NULL,           -- the 201 body, replayed to a retry
    rules_version  TEXT NOT NULL,
    config_version TEXT NOT NULL,
    warning_codes  TEXT NOT NULL,           -- JSON array of the verdict's warning codes
    key_id         TEXT,                    -- the data key that sealed payload
    payload        BLOB,                    -- the application, sealed; NULL once erased
    passport_hash  TEXT,                    -- HMAC of the passport; NULL once erased
    repeat_of      TEXT,                    -- an earlier application with the same passport
    payout_kop     INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    erased_at      INTEGER
);
CREATE INDEX applications_partner ON applications (partner_id, created_at);
CREATE INDEX applications_passport ON applications (passport_hash, created_at);
CREATE INDEX applications_created ON applications (created_at);

CREATE TABLE consents (
    application_id TEXT NOT NULL REFERENCES applications (application_id),
    kind           TEXT NOT NULL,
    text_version   TEXT NOT NULL,
    given_at       TEXT NOT NULL,           -- as the applicant's browser said
    received_at    INTEGER NOT NULL,        -- as the server observed
    client_addr    TEXT,
    user_agent     TEXT,
    PRIMARY KEY (application_id, kind)
);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications (application_id),
    kind           TEXT NOT NULL,           -- received, approved, rejected, issued, repaid, withdrawn, erased
    status         TEXT NOT NULL,           -- the status after the event
    payout_kop     INTEGER NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX events_application ON events (application_id, id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  TEXT NOT NULL,
    partner_id      TEXT NOT NULL,
    event_id        INTEGER NOT NULL,
    url             TEXT NOT NULL,
    state           TEXT NOT NULL,          -- pending, done, dead
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    locked_until    INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE rate_limits (
    bucket       TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL
);

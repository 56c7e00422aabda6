-- Dyad store, first schema. Offsets are character offsets into articles.text.
CREATE TABLE articles (
    id              VARCHAR PRIMARY KEY,   -- content hash of the cleaned text
    text            VARCHAR NOT NULL,
    title           VARCHAR,
    date            DATE,                  -- publication date; NULL when unknown
    date_source     VARCHAR NOT NULL,      -- field | html | marker | none
    url             VARCHAR,
    source          VARCHAR,
    external_id     VARCHAR,
    origin_path     VARCHAR NOT NULL,
    origin_locator  VARCHAR NOT NULL,
    sentence_starts INTEGER[] NOT NULL,
    sentence_ends   INTEGER[] NOT NULL,
    run_id          VARCHAR NOT NULL,
    coded_at        TIMESTAMP NOT NULL
);

CREATE TABLE actors (
    id       VARCHAR PRIMARY KEY,
    name     VARCHAR NOT NULL,
    code     VARCHAR NOT NULL,
    country  VARCHAR,
    sectors  VARCHAR NOT NULL          -- sector codes joined, e.g. 'GOV'
);

CREATE TABLE mentions (
    id          VARCHAR PRIMARY KEY,
    article_id  VARCHAR NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    actor_id    VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL,
    rule        VARCHAR NOT NULL
);

CREATE TABLE events (
    id              VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    plover_type     VARCHAR NOT NULL,
    plover_mode     VARCHAR NOT NULL,
    plover_context  VARCHAR NOT NULL,
    cameo           VARCHAR NOT NULL,
    cameo_root      VARCHAR NOT NULL,
    quadclass       INTEGER NOT NULL,
    goldstein       DOUBLE NOT NULL,
    source_text     VARCHAR, source_start INTEGER, source_end INTEGER,
    source_actor_id VARCHAR, source_name VARCHAR, source_code VARCHAR,
    source_country  VARCHAR, source_sectors VARCHAR,
    target_text     VARCHAR, target_start INTEGER, target_end INTEGER,
    target_actor_id VARCHAR, target_name VARCHAR, target_code VARCHAR,
    target_country  VARCHAR, target_sectors VARCHAR,
    event_date      DATE,
    date_precision  VARCHAR NOT NULL,    -- day | month | year | unknown
    date_source     VARCHAR NOT NULL,    -- text | article | unknown
    location_name   VARCHAR, location_country VARCHAR,
    location_start  INTEGER, location_end INTEGER,
    negated         BOOLEAN NOT NULL,
    hypothetical    BOOLEAN NOT NULL,
    future          BOOLEAN NOT NULL,
    question        BOOLEAN NOT NULL,
    sentence        VARCHAR NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    predicate       VARCHAR NOT NULL,
    predicate_start INTEGER NOT NULL,
    predicate_end   INTEGER NOT NULL,
    rule            VARCHAR NOT NULL
);

CREATE TABLE rejects (
    id          VARCHAR PRIMARY KEY,     -- hash of file, locator and reason
    path        VARCHAR NOT NULL,
    locator     VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    excerpt     VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    seen_at     TIMESTAMP NOT NULL
);

CREATE TABLE runs (
    id           VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,        -- running | done | interrupted | failed
    command      VARCHAR NOT NULL,
    inputs       VARCHAR NOT NULL,        -- JSON list of the paths given
    settings     VARCHAR NOT NULL,        -- JSON
    versions     VARCHAR NOT NULL,        -- JSON: dyad, spacy, pipeline
    n_read       INTEGER NOT NULL DEFAULT 0,
    n_articles   INTEGER NOT NULL DEFAULT 0,  -- new articles stored
    n_known      INTEGER NOT NULL DEFAULT 0,  -- articles already in the store
    n_rejects    INTEGER NOT NULL DEFAULT 0,
    n_events     INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX events_article ON events (article_id);
CREATE INDEX mentions_article ON mentions (article_id);

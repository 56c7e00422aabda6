-- Merged events: one happening, many reports. Derived from `events` (the mentions) and
-- rebuilt from them by `dyad merge`; deleting these tables' rows undoes every merge.
CREATE TABLE merged_events (
    id              VARCHAR PRIMARY KEY,   -- stable across re-merges (see dyad.merge.block)
    block           VARCHAR NOT NULL,      -- blocking key: countries and year
    plover_type     VARCHAR NOT NULL,
    cameo           VARCHAR NOT NULL,
    quadclass       INTEGER NOT NULL,
    source_actor_id VARCHAR NOT NULL,      -- '' when unsaid
    source_code     VARCHAR NOT NULL,
    target_actor_id VARCHAR NOT NULL,
    target_code     VARCHAR NOT NULL,
    event_date      DATE,
    date_precision  VARCHAR NOT NULL,      -- day | week | month | year | range | unknown
    date_source     VARCHAR NOT NULL,      -- text | article | inferred | unknown
    earliest        DATE,                  -- the range every mention's date agrees with
    latest          DATE,
    background      BOOLEAN NOT NULL,      -- a historical reference, not news of the day
    representative  VARCHAR NOT NULL,      -- the mention whose coding and date it takes
    n_mentions      INTEGER NOT NULL,      -- not counting near-duplicate articles
    n_articles      INTEGER NOT NULL,
    n_sources       INTEGER NOT NULL,
    n_duplicates    INTEGER NOT NULL,      -- mentions in near-duplicate articles
    first_reported  DATE,
    first_article_id VARCHAR NOT NULL,
    merged_at       TIMESTAMP NOT NULL
);

-- One row per mention (events.id): which merged event it is in, and why.
CREATE TABLE event_links (
    mention_id      VARCHAR PRIMARY KEY,
    event_id        VARCHAR NOT NULL,
    block           VARCHAR NOT NULL,
    joined_to       VARCHAR,               -- the mention it matched; NULL for the first
    score           DOUBLE NOT NULL,
    reason          VARCHAR NOT NULL,
    publisher       VARCHAR,
    article_date    DATE,                  -- published or inferred
    article_dated   VARCHAR NOT NULL,      -- published | inferred | none
    duplicate_of    VARCHAR,
    event_date      DATE,                  -- the date the merge used (may differ from events')
    date_precision  VARCHAR NOT NULL,
    date_source     VARCHAR NOT NULL,
    earliest        DATE,
    latest          DATE,
    background      BOOLEAN NOT NULL
);

-- Near-duplicate detection: MinHash signatures and their LSH bands.
CREATE TABLE article_signatures (
    article_id   VARCHAR PRIMARY KEY,
    signature    UBIGINT[] NOT NULL,
    duplicate_of VARCHAR,                  -- the earlier article this one republishes
    similarity   DOUBLE
);
CREATE TABLE article_bands (
    band       VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    PRIMARY KEY (band, article_id)
);

-- Inferred dates of undated articles: a range, a best guess, why, and how sure.
CREATE TABLE article_dates (
    article_id  VARCHAR PRIMARY KEY,
    earliest    DATE NOT NULL,
    latest      DATE NOT NULL,
    date        DATE NOT NULL,
    confidence  DOUBLE NOT NULL,
    reason      VARCHAR NOT NULL,
    inferred_at TIMESTAMP NOT NULL
);

CREATE INDEX event_links_block ON event_links (block);
CREATE INDEX event_links_event ON event_links (event_id);

-- What Dyad learned from articles: a role stated for a name the knowledge base does not
-- know ("opposition candidate Edmundo Gonzalez"), with its evidence and date, so the
-- same bare name in other articles resolves (dyad/actors/memory.py).
CREATE TABLE learned_actors (
    id            VARCHAR PRIMARY KEY,   -- hash of article and offsets
    name_key      VARCHAR NOT NULL,      -- the normalised name it resolves
    actor_id      VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    code          VARCHAR NOT NULL,
    country       VARCHAR,
    sectors       VARCHAR[] NOT NULL,
    confidence    DOUBLE NOT NULL,
    rule          VARCHAR NOT NULL,      -- how the article stated it
    article_id    VARCHAR NOT NULL,
    article_date  DATE,
    evidence      VARCHAR NOT NULL,      -- the words that state it
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL
);

CREATE INDEX learned_actors_key ON learned_actors (name_key);

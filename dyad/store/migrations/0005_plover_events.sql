-- One PLOVER event per predicate, listing all its actors. The events table holds dyadic rows:
-- "Russia, Belarus and Turkey voiced support for Maduro" is three rows (RUS, BLR and TUR each
-- SUPPORT VENGOV), as dyadic exports (CAMEO, GDELT) want them. This view folds the rows that
-- share an evidence predicate and a type back into the one event the text reports, with the
-- lists of its sources and targets. A view, not a table: it follows the events rows, so
-- nothing is stored twice.
CREATE VIEW plover_events AS
SELECT
    min(id)                                                        AS id,
    article_id,
    plover_type,
    any_value(plover_mode)                                         AS plover_mode,
    any_value(cameo)                                               AS cameo,
    list_sort(list(DISTINCT source_code) FILTER (WHERE source_code IS NOT NULL)) AS source_codes,
    list_sort(list(DISTINCT source_text) FILTER (WHERE source_text IS NOT NULL)) AS source_texts,
    list_sort(list(DISTINCT target_code) FILTER (WHERE target_code IS NOT NULL)) AS target_codes,
    list_sort(list(DISTINCT target_text) FILTER (WHERE target_text IS NOT NULL)) AS target_texts,
    list_sort(list(id))                                            AS dyad_ids,
    min(event_date)                                                AS event_date,
    any_value(location_name)                                       AS location_name,
    any_value(location_country)                                    AS location_country,
    bool_or(negated)                                               AS negated,
    bool_or(hypothetical)                                          AS hypothetical,
    bool_or(future)                                                AS future,
    bool_or(question)                                              AS question,
    any_value(sentence)                                            AS sentence,
    sentence_start,
    predicate,
    predicate_start,
    predicate_end
FROM events
GROUP BY article_id, plover_type, sentence_start, predicate, predicate_start, predicate_end;

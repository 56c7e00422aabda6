-- Article dates are evidence, not truth: keep the value the input gave and why it was not
-- trusted (unparseable, impossible, before_1900, future, weekday_mismatch; NULL when fine).
ALTER TABLE articles ADD COLUMN date_flag VARCHAR;
ALTER TABLE articles ADD COLUMN date_given VARCHAR;

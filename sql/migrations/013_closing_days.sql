-- 013: an organisation's closing days (sluitingsdagen).
-- SPDX-License-Identifier: EUPL-1.2
-- (SQLite; 013_closing_days.pg.sql is the PostgreSQL pair: BIGINT ids.
-- Keep the two in step.)
--
-- Days on which an organisation does not work besides the weekends and
-- the national holidays (domain/calendar.c): a promise "within N working
-- days" of the organisation skips them (docs/calendar.md).  The day is a
-- date in the Netherlands, 'YYYY-MM-DD', checked by cal_date_parse before
-- it is written; the reason is shown to the organisation's members.  At
-- most 366 a year and none in the past are rules of the use case
-- (app/closing_days.c).
CREATE TABLE organisation_closing_days (
	organisation_id INTEGER NOT NULL
		REFERENCES organisations (id) ON DELETE CASCADE,
	day TEXT NOT NULL CHECK (length(day) = 10),
	reason TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (organisation_id, day)
);

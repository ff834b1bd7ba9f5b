-- 021: the category suggestion (issue 17): which categories a professional
-- confirmed, and the model trained from them.
-- SPDX-License-Identifier: EUPL-1.2
--
-- category_confirmed_at: when a professional last set or kept the
-- signal's category in triage (app/kwestie.c, triage_set_category); NULL
-- for a category only the resident (or nobody) chose.  Those signals are
-- the classifier's labels: a resident's own choice is often a guess.
--
-- category_models: one model per municipality, so every instance
-- suggests with the same one; an instance reloads it when version
-- changes (app/suggest.c).  source is 'confirmed' (signals confirmed in
-- triage) or 'demo' (the municipality's demo signals, while there are
-- too few confirmed ones); examples the texts it was trained on, labels
-- the confirmed signals counted when it was trained (the job trains again
-- when enough new ones arrived); figures its held-out evaluation (JSON);
-- model the blob of text/classify.c, base64.
ALTER TABLE signals ADD COLUMN category_confirmed_at TEXT;
CREATE INDEX signals_by_confirmed ON signals (municipality, category_confirmed_at);

CREATE TABLE category_models (
	municipality TEXT PRIMARY KEY REFERENCES municipalities (code),
	version INTEGER NOT NULL,
	trained_at TEXT NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('confirmed', 'demo')),
	examples INTEGER NOT NULL,
	labels INTEGER NOT NULL,
	figures TEXT NOT NULL,
	model TEXT NOT NULL
);

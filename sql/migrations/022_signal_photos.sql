-- 022: photos with a signal (issue 17; docs/photos.md).
-- SPDX-License-Identifier: EUPL-1.2
--
-- A photo is stored as two files outside the database (the display
-- version and the thumbnail, both re-encoded JPEG without metadata: see
-- media/image.c) under the photo directory, named by token; the row says
-- what they are.  A photo is uploaded first and attached to its signal
-- by the intake's own transaction: until then signal_id is NULL (the
-- form's second step and a form with an error keep the resident's
-- photos this way; Open311 clients upload and then name the photo in
-- media_url), and retention removes a photo left unattached for a day.
--
-- token: the private address /foto/{token}, a capability like the
-- tracking link /m/{token}: shown only to those who may see the signal.
-- public_token: the public address /foto/openbaar/{public_token}, set
-- while a professional shows the photo on the kwestie page, a new one
-- each time (a withdrawn photo's old address answers 404 at once).
-- position: 1..3 within the signal, in the order the resident gave.
-- Retention deletes the files and the rows with the signal's contact
-- data (store/photo.c).
CREATE TABLE signal_photos (
	id INTEGER PRIMARY KEY, -- sqlite-only
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	token TEXT NOT NULL UNIQUE,
	public_token TEXT UNIQUE,
	signal_id INTEGER REFERENCES signals (id) ON DELETE CASCADE,
	position INTEGER CHECK (position BETWEEN 1 AND 3),
	source TEXT NOT NULL CHECK (source IN ('jpeg', 'png', 'webp')),
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	thumb_width INTEGER NOT NULL,
	thumb_height INTEGER NOT NULL,
	bytes INTEGER NOT NULL,
	thumb_bytes INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	published_at TEXT,
	published_by TEXT,
	UNIQUE (signal_id, position)
);
CREATE INDEX signal_photos_pending ON signal_photos (created_at)
	WHERE signal_id IS NULL;

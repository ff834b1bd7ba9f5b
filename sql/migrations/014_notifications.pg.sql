-- 014: notifications: how often each person hears of changes, how far
-- each has read the timeline, the links of the mails, and bounces.
-- SPDX-License-Identifier: EUPL-1.2
--
-- frequency: direct (one mail per signal or kwestie soon after a change),
-- daily or weekly (one digest per address at 07:00 Amsterdam, weekly on
-- Monday), none (nothing; the row stays so a later choice can undo it).
-- mailed_upto: the last timeline id mailed (or skipped at confirmation), so
-- each entry is mailed once.  lang: the language the person used when
-- they subscribed ('nl', 'en'); the mails are written in it.
ALTER TABLE followers ADD COLUMN frequency TEXT NOT NULL DEFAULT 'direct'
	CHECK (frequency IN ('direct', 'daily', 'weekly', 'none'));
ALTER TABLE followers ADD COLUMN lang TEXT NOT NULL DEFAULT 'nl';
ALTER TABLE followers ADD COLUMN mailed_upto BIGINT NOT NULL DEFAULT 0;

-- A reporter who left an e-mail address (signal_contacts.email: the
-- address stays there only, so retention's blanking also ends the mail).
CREATE TABLE signal_notify (
	signal_id BIGINT PRIMARY KEY REFERENCES signals (id) ON DELETE CASCADE,
	frequency TEXT NOT NULL DEFAULT 'direct'
		CHECK (frequency IN ('direct', 'daily', 'weekly', 'none')),
	lang TEXT NOT NULL DEFAULT 'nl',
	mailed_upto BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

-- The link of one notification mail (hash only): it stands for every
-- subscription the mail was about (one for a direct mail, all of an
-- address's for a digest), so one link changes or stops them all.
CREATE TABLE notify_tokens (
	token_hash TEXT NOT NULL,
	follower_id BIGINT REFERENCES followers (id) ON DELETE CASCADE,
	signal_id BIGINT REFERENCES signal_notify (signal_id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	CHECK ((follower_id IS NULL) <> (signal_id IS NULL))
);
CREATE INDEX notify_tokens_by_hash ON notify_tokens (token_hash);
CREATE INDEX notify_tokens_by_follower ON notify_tokens (follower_id);
CREATE INDEX notify_tokens_by_signal ON notify_tokens (signal_id);

-- RFC 8058: the URL of List-Unsubscribe (one-click) of a mail, or NULL.
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;

-- Addresses that bounced, by a hash of the address (base/token.h
-- token_hash_parts of "bounce" and the lower-case address): no mail is
-- queued to them until the person confirms or chooses again.
CREATE TABLE mail_bounces (
	address_hash TEXT PRIMARY KEY,
	first_at TEXT NOT NULL,
	last_at TEXT NOT NULL,
	count INTEGER NOT NULL DEFAULT 1,
	permanent INTEGER NOT NULL DEFAULT 1
);

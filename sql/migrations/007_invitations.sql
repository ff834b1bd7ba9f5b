-- 007: invitations that the organisation can see and revoke.
-- SPDX-License-Identifier: EUPL-1.2
--
-- An invitation is an "invite" token (tokens: the address, organisation,
-- role and validity) plus this row: an id to name it in the list and in
-- the revoke route, and who sent it, so that demoting or removing a
-- coordinator can revoke what they sent.  An invitation for an address
-- that already has an account names that account in tokens.account_id:
-- its link asks the signed-in account to accept or decline (the
-- consent page), instead of choosing a password.
--
-- The row lives as long as its token: revoking deletes the token (its
-- link then answers 410 like any unknown link), and retention deletes
-- expired tokens.  The audit log keeps the history.
CREATE TABLE invitations (
	id INTEGER PRIMARY KEY, -- sqlite-only
	token_hash TEXT NOT NULL UNIQUE REFERENCES tokens (token_hash) ON DELETE CASCADE,
	invited_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	invited_by_label TEXT NOT NULL DEFAULT '' -- e-mail or key:prefix at the time
);
CREATE INDEX invitations_by_inviter ON invitations (invited_by);

-- Invitations sent before this migration: listed and revocable too, by an
-- unknown sender.
INSERT INTO invitations (token_hash)
	SELECT token_hash FROM tokens WHERE kind = 'invite' AND used_at IS NULL;

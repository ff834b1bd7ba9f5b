-- 009: an organisation's name is unique in its municipality ignoring case
-- and Unicode form.
-- SPDX-License-Identifier: EUPL-1.2
--
-- name_key is the name NFC-normalised and case-folded by utf8proc
-- (domain/organisation.c org_name_key): neither dialect's lower() folds
-- Unicode the same way, so the store computes it on every insert and
-- update, and fills it for the organisations that were there before this
-- migration right after it (store/orgs.c store_org_keys_fill).  NULLs do
-- not collide, so the index holds from the first row that has a key.
ALTER TABLE organisations ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX organisations_name_key ON organisations (municipality, name_key);

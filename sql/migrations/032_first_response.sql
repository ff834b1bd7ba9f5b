-- 032: a signal's first response found in an index alone (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The figures (store/figures.c) take each signal's first response: the
-- first of its links to a kwestie and of its timeline entries other
-- than the receipt (a promise on it writes one).  Each was an index
-- probe and then the row, for every signal of the period that has one
-- (at 10 million signals 40% are in a kwestie, a third have more than
-- their receipt): 3.5 of a stadsdeel's 6.8 s.  These two indexes answer
-- either from the index: the earliest link of a signal, and the
-- earliest entry that is not a receipt (only such entries are here).
-- 350 MB at 10 million signals, 3% of the file.
CREATE INDEX kwestie_signals_first ON kwestie_signals (signal_id, linked_at);
CREATE INDEX timeline_replies ON timeline (signal_id, at)
	WHERE kind <> 'received' AND signal_id IS NOT NULL;

-- 030: a theme's kwesties by their topic (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The figures of a theme (store/figures.c) read the kwesties of its
-- topic: made and closed in the period, their supporters, their
-- signals.  No index had the topic, so each such read walked every
-- kwestie of the municipality (a million at 10 million signals) and
-- read each row for its topic.  A kwestie's topic does not change
-- after it is made.
CREATE INDEX kwesties_by_topic ON kwesties (municipality, topic, created_at);

-- Version 9: where a visit letter's prior judgement came from (docs/checks.md). `letter`: read from the letter;
-- `warehouse`: the letter states none, so the LA's latest full inspection before the visit, as the warehouse
-- holds it (warehouse/checks.py fills it after every load); NULL: neither says (the `findings` view says so).
ALTER TABLE events ADD COLUMN IF NOT EXISTS prior_judgement_source VARCHAR;

-- Until now every prior judgement was read from its letter.
UPDATE events SET prior_judgement_source = 'letter' WHERE prior_judgement IS NOT NULL;

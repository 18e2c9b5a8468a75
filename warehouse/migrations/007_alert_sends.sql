-- Same-day alerts (tasks/alert.py). Each alert of a document to a subscriber's channel is recorded here: once
-- delivered it is never sent again (unless forced, or a new version of the document changes what its alert
-- says); one that failed stays `failed` and the next poll tries it again.
CREATE TABLE IF NOT EXISTS alert_sends (
    document_id     VARCHAR NOT NULL,
    subscriber      VARCHAR NOT NULL,   -- the subscriber's name, else its email, else its first notify URL (masked)
    channel         VARCHAR NOT NULL,   -- 'email', or 'notify-' and 16 hex digits of the URL's SHA-256
    target          VARCHAR NOT NULL,   -- the address, or the Apprise URL with its secrets masked
    version         INTEGER NOT NULL,   -- the document's version the alert was about
    title           VARCHAR NOT NULL,   -- what the alert said of the document ("Wessex: overall effectiveness ...")
    status          VARCHAR NOT NULL,   -- sent | failed
    attempts        INTEGER NOT NULL,   -- attempts since the last delivery
    last_attempt_at TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,          -- the last delivery
    error           VARCHAR,            -- why the last attempt failed (no secrets); NULL once delivered
    run_id          VARCHAR,            -- the run whose alert step tried it last; NULL for `ofsted-watch alerts`
    PRIMARY KEY (document_id, subscriber, channel)
);

-- Whether a run alerts: NULL it does not (a backfill without --alerts, and every run before this migration);
-- 'pending' until its alert step has gone through the documents it loaded; 'done' after. A document first seen
-- by a run that does not alert is history and never alerts on its own.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS alerts VARCHAR;

-- The DfE's statistical neighbours of each LA, most similar first (rank 1). Reference data like
-- local_authorities: refreshed from the LA reference on every writable open (warehouse/db.py).
CREATE TABLE IF NOT EXISTS stat_neighbours (
    la_code           VARCHAR NOT NULL,
    neighbour_la_code VARCHAR NOT NULL,
    rank              INTEGER NOT NULL,  -- 1 = the most similar
    PRIMARY KEY (la_code, rank)
);

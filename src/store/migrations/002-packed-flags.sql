-- class, hop and outcome move into one stored integer, `flags`: every column the
-- ingest binds costs it ~0.12 s per million rows (bench/RESULTS.md). They stay
-- readable under their names as virtual columns, computed when read, never stored.
-- `anonymous` was written and never read (the outcome already says "challenge").
ALTER TABLE requests ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;  -- class | hop << 2 | outcome << 3
UPDATE requests SET flags = class | (hop << 2) | (outcome << 3);
ALTER TABLE requests DROP COLUMN class;
ALTER TABLE requests DROP COLUMN hop;
ALTER TABLE requests DROP COLUMN outcome;
ALTER TABLE requests DROP COLUMN anonymous;
ALTER TABLE requests ADD COLUMN class INTEGER GENERATED ALWAYS AS (flags & 3) VIRTUAL;          -- classes.id
ALTER TABLE requests ADD COLUMN hop INTEGER GENERATED ALWAYS AS ((flags >> 2) & 1) VIRTUAL;     -- 1: inner hop of a CAS-to-CAS proxy
ALTER TABLE requests ADD COLUMN outcome INTEGER GENERATED ALWAYS AS (flags >> 3) VIRTUAL;       -- outcomes.id

-- Whether another program ever changed a fact table of this file since rjkb
-- built it. Migration 0011's flag says so only until the next rjkb refills
-- the derived tables; that rjkb marks it here, where it stays, so that
-- `rjkb db build --out` replaces such a file, and the changes in it, only
-- when told to with --force.

CREATE TABLE edited_elsewhere ( -- whether another program changed a fact table since rjkb built the file
  edited INTEGER NOT NULL        -- 1 once it did: rjkb db build replaces the file only with --force
);
INSERT INTO edited_elsewhere VALUES (0);

-- Indexes that serve per-device reads (device timeline, the dashboard's verdict
-- refresh). Built after a bulk load rather than kept during it: keeping them
-- made the load 1.5-2.2x slower (performance.md, trap 2).
CREATE INDEX IF NOT EXISTS requests_by_device ON requests (device_id, ts);
-- Statistics from a sample of each index (SQLite's advice for PRAGMA optimize):
-- the planner needs their shape, and a full ANALYZE of 1M rows took 0.18 s.
PRAGMA analysis_limit = 1000;
ANALYZE;

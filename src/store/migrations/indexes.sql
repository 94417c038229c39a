-- Indexes that serve per-device reads (device timeline, the dashboard's verdict
-- refresh). Built after a bulk load rather than kept during it: keeping them
-- made the load 1.5-2.2x slower (performance.md, trap 2).
CREATE INDEX IF NOT EXISTS requests_by_device ON requests (device_id, ts);
ANALYZE;

-- @name: dashboard-change-marks
-- @title: Change marks (dashboard)
-- @description: the newest ids and timestamps of the tables ingest and diagnosis write, for the dashboard's cheap "did anything change" check (each is an index lookup)
-- @internal: true
SELECT
  (SELECT max(id) FROM requests) AS max_request_id,
  (SELECT max(id) FROM rejects) AS max_reject_id,
  (SELECT max(updated_at) FROM files) AS files_updated_at,
  (SELECT max(computed_at) FROM device_verdicts) AS verdicts_computed_at

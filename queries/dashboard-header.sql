-- @name: dashboard-header
-- @title: Dashboard header totals
-- @description: the dashboard's "now" (newest request time ingested) and totals of requests, devices, failing devices, rejected lines and files, all read from rollups
-- @internal: true
SELECT
  (SELECT max(last_ts) FROM device_stats) AS now,
  (SELECT coalesce(sum(requests), 0) FROM device_stats) AS requests,
  (SELECT count(*) FROM device_stats) AS devices,
  (SELECT count(*) FROM device_verdicts WHERE failing = 1) AS failing_devices,
  (SELECT coalesce(sum(rejected), 0) FROM files) AS rejected_lines,
  (SELECT count(*) FROM files) AS files

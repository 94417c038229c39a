-- @name: stale-verdicts
-- @title: Devices whose verdict is out of date
-- @description: devices with requests ingested since their verdict was last computed (internal: the dashboard refreshes only these)
-- @internal: true
SELECT s.device_id
FROM device_stats s LEFT JOIN device_verdicts v ON v.device_id = s.device_id
WHERE v.device_id IS NULL OR v.requests_seen <> s.requests

-- @name: dashboard-verdict-counts
-- @title: Failing devices per verdict (dashboard)
-- @description: how many devices each failing verdict holds, as last computed into device_verdicts; most first
-- @internal: true
SELECT verdict, count(*) AS devices
FROM device_verdicts
WHERE failing = 1
GROUP BY verdict
ORDER BY devices DESC, verdict

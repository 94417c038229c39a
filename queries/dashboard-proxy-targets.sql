-- @name: dashboard-proxy-targets
-- @title: Proxy targets by proxying server (dashboard)
-- @description: client-facing requests each CAS proxied to each PrxTo target and how many failed, with the target's distinct devices, from the device_breakdown rollup
-- @internal: true
WITH proxied AS (
  SELECT b.proxy_target_id, b.server_id, b.device_id, b.requests, o.failure
  FROM device_breakdown b
  JOIN outcomes o ON o.id = b.outcome
  WHERE b.proxy_target_id <> 0
),
per_server AS (
  SELECT proxy_target_id, server_id, sum(requests) AS requests, sum(failure * requests) AS failures
  FROM proxied
  GROUP BY proxy_target_id, server_id
),
per_target AS (
  SELECT proxy_target_id, count(DISTINCT device_id) AS devices
  FROM proxied
  GROUP BY proxy_target_id
)
SELECT t.name AS target, s.name AS server, x.requests, x.failures, d.devices
FROM per_server x
JOIN per_target d ON d.proxy_target_id = x.proxy_target_id
JOIN proxy_targets t ON t.id = x.proxy_target_id
JOIN servers s ON s.id = x.server_id
ORDER BY t.name, x.requests DESC, s.name

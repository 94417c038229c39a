-- @name: proxy-target-load
-- @title: Load per proxy target
-- @description: client-facing requests proxied to each PrxTo target, with distinct devices and failures (from the device_breakdown rollup unless a time window is given)
-- @internal: true
-- @param since: start of the window, Unix seconds or ISO date (default: all)
-- @param until: end of the window, Unix seconds or ISO date (default: all)
WITH proxied AS (
  SELECT b.proxy_target_id, b.device_id, b.outcome, b.requests
  FROM device_breakdown b
  WHERE :since IS NULL AND :until IS NULL AND b.proxy_target_id <> 0
  UNION ALL
  SELECT r.proxy_target_id, r.device_id, r.outcome, 1
  FROM requests r NOT INDEXED
  WHERE NOT (:since IS NULL AND :until IS NULL) AND r.hop = 0 AND r.proxy_target_id IS NOT NULL
    AND (:since IS NULL OR r.ts >= :since) AND (:until IS NULL OR r.ts <= :until)
)
SELECT p.name, sum(x.requests) AS requests, count(DISTINCT x.device_id) AS devices,
  sum(CASE WHEN o.failure = 1 THEN x.requests ELSE 0 END) AS failures
FROM proxied x
JOIN proxy_targets p ON p.id = x.proxy_target_id
JOIN outcomes o ON o.id = x.outcome
GROUP BY p.name
ORDER BY requests DESC, p.name

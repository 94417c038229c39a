-- @name: devices-by-class
-- @title: Device types by request class
-- @description: per DeviceType, how many devices and client-facing requests were redirected (451), proxied (PrxTo) or served directly
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
--
-- A device is counted in every class it used, so the class device counts can add up to
-- more than `devices`.
WITH per_device AS (
  SELECT r.device_id, c.name AS class, count(*) AS requests
  FROM requests AS r NOT INDEXED
  JOIN classes AS c ON c.id = r.class
  WHERE r.hop = 0
    AND (:since IS NULL OR r.ts >= :since)
    AND (:until IS NULL OR r.ts <= :until)
  GROUP BY r.device_id, r.class
)
SELECT coalesce(dt.name, '(unknown)') AS device_type,
       count(DISTINCT p.device_id) AS devices,
       sum(p.requests) AS requests,
       count(DISTINCT CASE WHEN p.class = 'redirect' THEN p.device_id END) AS redirect_devices,
       sum(CASE WHEN p.class = 'redirect' THEN p.requests ELSE 0 END) AS redirect_requests,
       count(DISTINCT CASE WHEN p.class = 'proxy' THEN p.device_id END) AS proxy_devices,
       sum(CASE WHEN p.class = 'proxy' THEN p.requests ELSE 0 END) AS proxy_requests,
       count(DISTINCT CASE WHEN p.class = 'direct' THEN p.device_id END) AS direct_devices,
       sum(CASE WHEN p.class = 'direct' THEN p.requests ELSE 0 END) AS direct_requests
FROM per_device AS p
JOIN devices AS d ON d.id = p.device_id
LEFT JOIN device_types AS dt ON dt.id = d.device_type_id
GROUP BY d.device_type_id
ORDER BY requests DESC, device_type;

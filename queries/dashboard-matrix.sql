-- @name: dashboard-matrix
-- @title: Device type by class (dashboard)
-- @description: per DeviceType, the devices and their client-facing requests redirected (451), proxied and served directly, from the device_stats rollup; most requests first
-- @internal: true
SELECT coalesce(t.name, '(unknown)') AS device_type,
  count(*) AS devices,
  sum(s.redirect) AS redirect,
  sum(s.proxy) AS proxy,
  sum(s.direct) AS direct
FROM device_stats s
JOIN devices d ON d.id = s.device_id
LEFT JOIN device_types t ON t.id = d.device_type_id
GROUP BY d.device_type_id
ORDER BY sum(s.requests) DESC, device_type

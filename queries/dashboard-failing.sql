-- @name: dashboard-failing
-- @title: Failing devices (dashboard)
-- @description: failing devices as last diagnosed (device_verdicts), filtered by a substring of user, DeviceId, DeviceType or verdict, in one of the dashboard's sort orders; total is the number of matches
-- @internal: true
-- @param filter='': case-insensitive substring to match; empty for all
-- @param sort=severity: severity, last-seen, user or device-type
-- @param limit=500: most rows returned
SELECT d.id AS key,
  u.name AS user,
  d.device_key AS device_id,
  coalesce(t.name, '') AS device_type,
  v.verdict,
  v.severity,
  v.reason,
  coalesce(s.last_ts, 0) AS last_seen,
  coalesce(sv.name, '') AS server,
  count(*) OVER () AS total
FROM device_verdicts v
JOIN devices d ON d.id = v.device_id
JOIN users u ON u.id = d.user_id
LEFT JOIN device_types t ON t.id = d.device_type_id
LEFT JOIN device_stats s ON s.device_id = v.device_id
LEFT JOIN servers sv ON sv.id = s.last_server_id
WHERE v.failing = 1
  AND (:filter = ''
    OR instr(lower(u.name), lower(:filter)) > 0
    OR instr(lower(d.device_key), lower(:filter)) > 0
    OR instr(lower(coalesce(t.name, '')), lower(:filter)) > 0
    OR instr(lower(v.verdict), lower(:filter)) > 0)
ORDER BY
  CASE WHEN :sort = 'user' THEN u.name END COLLATE NOCASE,
  CASE WHEN :sort = 'device-type' THEN t.name END COLLATE NOCASE,
  CASE WHEN :sort = 'last-seen' THEN -s.last_ts END,
  v.severity DESC,
  s.last_ts DESC,
  d.id
LIMIT :limit

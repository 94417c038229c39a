-- @name: dashboard-server-files
-- @title: Current file per server (dashboard)
-- @description: per CAS server, its newest log file (by #Date, then name) with the bytes ingested and the size seen at the last look
SELECT s.id AS server_id, s.name AS server, f.path, f.offset, f.size
FROM servers s
LEFT JOIN files f ON f.id = (
  SELECT id FROM files
  WHERE server_id = s.id
  ORDER BY log_date DESC, path DESC
  LIMIT 1)
ORDER BY s.name

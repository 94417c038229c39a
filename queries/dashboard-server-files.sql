-- @name: dashboard-server-files
-- @title: Current file per server (dashboard)
-- @description: per CAS server, its newest log file (by #Date, then name) with the bytes ingested and the size seen at the last look; a file without a server id counts for the server whose name is one of its folders
-- @internal: true
SELECT s.id AS server_id, s.name AS server, f.path, f.offset, f.size
FROM servers s
LEFT JOIN files f ON f.id = (
  SELECT id FROM files
  WHERE server_id = s.id
    OR (server_id IS NULL AND instr(lower(replace(path, char(92), '/')), '/' || lower(s.name) || '/') > 0)
  ORDER BY log_date DESC, path DESC
  LIMIT 1)
ORDER BY s.name

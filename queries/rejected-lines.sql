-- @name: rejected-lines
-- @title: Rejected log lines
-- @description: lines ingest could not use, with file, line number, reason and the first bytes of the line
-- @param file: only files whose path contains this text (default: all)
-- @param reason: only reasons that start with this text, e.g. field-count-mismatch (default: all)
SELECT f.path AS file,
       j.line_no,
       j.reason,
       j.sample
FROM rejects AS j
JOIN files AS f ON f.id = j.file_id
WHERE (:file IS NULL OR instr(f.path, :file) > 0)
  AND (:reason IS NULL OR substr(j.reason, 1, length(:reason)) = :reason)
ORDER BY f.path, j.line_no, j.id;

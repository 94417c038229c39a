/**
 * Splits a line whose values IIS Advanced Logging quoted: `"…"` values keep
 * their spaces (a doubled `""` inside is a literal quote), bare values end at a
 * space. Lines without a quote never come here (FieldSpans finds their fields
 * in place).
 */
export function splitQuoted(line: string): string[] {
  const fields: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line.charCodeAt(at) === 34 /* " */) {
      let value = '';
      let i = at + 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) { value += line.slice(i); i = line.length; break; }
        if (line.charCodeAt(q + 1) === 34) { value += line.slice(i, q + 1); i = q + 2; continue; }
        value += line.slice(i, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      at = i + 1;
    } else {
      let end = line.indexOf(' ', at);
      if (end === -1) end = line.length;
      fields.push(line.slice(at, end));
      at = end + 1;
    }
  }
  return fields;
}

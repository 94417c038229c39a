/**
 * Escapes text for HTML element content and quoted attribute values. Every string
 * that came from a log goes through this at the point it is written (GoAccess #58,
 * #405 and #1867 were raw request paths in its HTML report).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Serialises data for a `<script type="application/json">` block. `<`, `>` and `&`
 * become \u escapes so no string can close the element (`</script>`) or open a
 * comment (`<!--`); U+2028/2029 are escaped for readers that treat them as line
 * ends. JSON.parse gives back exactly the original data.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

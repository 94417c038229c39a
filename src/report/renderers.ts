import type { ReportModel } from './report-model.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';

/** Output formats of `report --format`. */
export const reportFormats = ['md', 'html', 'csv', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** One renderer per format, all drawing the same ReportModel (style habit 8). */
export const renderers = {
  md: renderMarkdown,
  html: renderHtml,
  csv: renderCsv,
  json: renderJson,
} satisfies Record<ReportFormat, (model: ReportModel) => string>;

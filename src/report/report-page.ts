import { escapeHtml } from "./html-escape.ts";

const STYLES = `
:root{color-scheme:light;--muted:#666;--line:#e3e3e3;--bad:#c62828;--good:#2e7d32}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1280px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:20px;margin:8px 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.count{color:var(--muted);font-weight:normal;font-size:13px}
.question{font-size:16px;margin:4px 0 0}.note{color:var(--muted)}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;margin:4px 0}
.top{display:grid;grid-template-columns:minmax(0,2fr) minmax(240px,1fr);gap:24px;align-items:start}
@media (max-width:900px){.top{grid-template-columns:1fr}}
.answer{font-size:28px;font-weight:600;margin:4px 0;word-break:break-word}
.fallback{background:#fff3cd;border:1px solid #e0c36a;padding:6px 10px;border-radius:4px}
.warnings{list-style:none;padding:0;margin:4px 0}.warning{background:#fff3cd;border:1px solid #e0c36a;padding:6px 10px;border-radius:4px;margin:4px 0}
figure{margin:0}
.scene{position:relative;width:100%;background:#ddd}
.scene img{display:block;width:100%;height:100%}
.scene .overlay{position:absolute;inset:0;width:100%;height:100%;overflow:visible}
.overlay .box{fill:none;stroke-width:3;vector-effect:non-scaling-stroke}
.overlay .tag{opacity:.85}.overlay text{fill:#fff;font-family:system-ui,sans-serif;font-weight:600}
.overlay .answer-box{fill:none;stroke:#fff;stroke-width:3;stroke-dasharray:8 5;vector-effect:non-scaling-stroke}
.legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:6px 16px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.crops{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start}
.crop{border:3px solid;border-radius:4px;background:#fff;padding:2px;max-width:140px}
.crop img{display:block;max-width:128px;max-height:128px}
.crop figcaption{font-size:11px;color:#444;word-break:break-word}
.empty-crop{width:64px;height:32px;color:var(--muted)}
table{border-collapse:collapse}
.program{width:100%;background:#fff;border:1px solid var(--line)}
.program td{vertical-align:top;padding:1px 8px;border-bottom:1px solid #f1f1f1}
.program .line-number{color:#999;text-align:right;user-select:none;width:1%}
.program .code{white-space:pre;width:45%}
.program .calls{font-size:12px}
.program tr.has-calls .code{background:#f3f8ff}
.program tr.error-line td{background:#fdecea}
.call{margin:1px 0}.result{color:#1b5e20}.call-error{color:var(--bad)}.ok{color:var(--good)}
.duration{color:var(--muted);white-space:nowrap}
.timeline{width:100%;background:#fff;border:1px solid var(--line)}
.timeline td{padding:2px 8px;border-bottom:1px solid #f1f1f1;vertical-align:middle}
.timeline .index{color:#999;width:1%}.timeline .what{width:40%;font-size:12px}
.timeline .track{position:relative;min-width:200px}
.timeline .bar{position:absolute;top:30%;height:40%;background:#4e79a7;border-radius:2px;min-width:2px}
.timeline .failed .bar{background:var(--bad)}
.timeline .unfinished .bar{background:repeating-linear-gradient(45deg,#999 0 4px,#ccc 4px 8px)}
.timeline .axis td{border:0;color:var(--muted);font-size:11px}.axis-end{float:right}
.line-ref{color:var(--muted);font-size:11px}
#error{background:#fdecea;border:1px solid #f5c2bd;border-radius:4px;padding:4px 12px}
.error-code{font:600 15px ui-monospace,monospace;color:var(--bad);margin:4px 0}
.details{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}.details dd{margin:0}
.timings th{text-align:left;font-weight:normal;color:var(--muted);padding-right:12px}.timings td{text-align:right}
.summary td,.summary th,.records td,.records th{border:1px solid var(--line);padding:3px 8px;text-align:right}
.summary th:first-child,.summary td:first-child,.records td,.records th{text-align:left}
.records{width:100%;background:#fff;font-size:12.5px}
.charts img{max-width:100%;margin:0 12px 12px 0;border:1px solid var(--line)}
.failure.deferred{content-visibility:auto;contain-intrinsic-size:auto 560px}
.failure{background:#fff;border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:4px;padding:8px 12px;margin:12px 0}
.failure-head{display:grid;grid-template-columns:auto 1fr;gap:12px}
.failure-head .scene{width:320px}
.wrong{color:var(--bad)}.right{color:var(--good)}
`;

/** Options for {@link reportPage}. */
export interface ReportPageOptions {
  readonly title: string;
  /** The page body (already escaped HTML). */
  readonly body: string;
}

/**
 * A complete, self-contained HTML document: inline styles only, no script, no external fonts, images or
 * links. The Content-Security-Policy forbids scripts and any network request, so even a mistake in
 * escaping could not run code or fetch anything.
 */
export function reportPage({ title, body }: ReportPageOptions): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLES}</style></head>`,
    `<body><main>${body}</main></body></html>`,
    "",
  ].join("\n");
}

// The badge's style sheet, inside its shadow root so the page's CSS cannot reach it.

export const BADGE_CSS = `
:host { all: initial; display: inline-block; position: relative; vertical-align: middle;
  margin-inline: 4px; font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.b { all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 3px;
  padding: 0 7px; min-height: 18px; border-radius: 9px; border: 1px solid #8a8d91; cursor: pointer;
  color: #1c1e21; background: #f0f2f5; font: 600 11px/16px system-ui, sans-serif; white-space: nowrap; }
.b:focus-visible { outline: 2px solid #0866ff; outline-offset: 2px; }
:host([data-ai-optout-verdict="included"]) .b { background: #fff4e5; border-color: #b35c00; color: #7a3e00; }
:host([data-ai-optout-verdict="excluded"]) .b { background: #e7f6ec; border-color: #1e7b3c; color: #145a2b; }
:host([data-ai-optout-verdict="uncertain"]) .b { background: #f0f2f5; border-color: #65676b; color: #3a3b3c; }
:host([data-ai-optout-state="error"]) .b { border-style: dashed; }
.panel { box-sizing: border-box; width: min(340px, 90vw); max-height: 70vh; overflow: auto; margin: 0;
  padding: 12px 14px; border: 1px solid #ccd0d5; border-radius: 8px; background: #fff; color: #1c1e21;
  box-shadow: 0 8px 24px rgba(0,0,0,.18); text-align: start; font: 13px/1.45 system-ui, sans-serif;
  position: absolute; top: calc(100% + 4px); inset-inline-start: 0; z-index: 2147483000; }
.panel:popover-open { position: fixed; inset: auto; }
.panel:focus { outline: 2px solid #0866ff; outline-offset: -2px; }
h2 { margin: 0 0 6px; font-size: 14px; }
h3 { margin: 10px 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: #65676b; }
p, ul { margin: 0 0 6px; padding: 0; }
li { list-style: none; margin: 0 0 6px; }
a { color: #0866ff; }
.meta { color: #65676b; font-size: 12px; }
.close { all: unset; float: inline-end; cursor: pointer; padding: 0 4px; font-size: 16px; line-height: 1; color: #65676b; }
.close:focus-visible { outline: 2px solid #0866ff; }
`;

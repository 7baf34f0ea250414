// The badge's style sheet, inside its shadow root so the page's CSS cannot reach it.

export const BADGE_CSS = `
/* The host takes no height (a zero-height box on the middle of the line, the button drawn centred
   on it) and never shrinks, so the line it joins keeps its height and nothing around it moves.
   Where even its width would wrap or grow its container, badges.js lays it over the page instead
   (data-ai-optout-fit="over": out of flow, at the place it would have taken). */
:host { all: initial; display: inline-block; position: relative; height: 0; vertical-align: middle;
  align-self: center; flex: none; max-width: 100%; margin-inline: 4px; white-space: nowrap;
  font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
:host([data-ai-optout-fit="over"]) { position: absolute; z-index: 2; margin: 0; }
.b { all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 3px;
  max-width: min(18em, 100%); transform: translateY(-50%);
  padding: 0 7px; min-height: 18px; border-radius: 9px; border: 1px solid #8a8d91; cursor: pointer;
  color: #1c1e21; background: #f0f2f5; font: 600 11px/16px system-ui, sans-serif; white-space: nowrap; }
:host([data-ai-optout-fit="over"]) .b { transform: none; box-shadow: 0 1px 3px rgba(0,0,0,.25); }
.t { overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.b:focus-visible { outline: 2px solid #0866ff; outline-offset: 2px; }
:host([data-ai-optout-verdict="included"]) .b { background: #fff4e5; border-color: #b35c00; color: #7a3e00; }
:host([data-ai-optout-verdict="excluded"]) .b { background: #e7f6ec; border-color: #1e7b3c; color: #145a2b; }
:host([data-ai-optout-verdict="uncertain"]) .b { background: #f0f2f5; border-color: #65676b; color: #3a3b3c; }
:host([data-ai-optout-state="error"]) .b { border-style: dashed; }
.panel { box-sizing: border-box; width: min(340px, 90vw); max-height: 70vh; overflow: hidden auto; margin: 0;
  white-space: normal; overflow-wrap: anywhere;
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
.report { margin-top: 8px; padding-top: 6px; border-top: 1px solid #e4e6eb; }
.report-button { all: unset; cursor: pointer; color: #65676b; font-size: 12px; text-decoration: underline; }
.report-button:focus-visible { outline: 2px solid #0866ff; outline-offset: 1px; }
.report-button[aria-disabled="true"] { cursor: default; text-decoration: none; opacity: .7; }
.report-status { margin: 4px 0 0; font-size: 12px; color: #3a3b3c; }
.report-status:empty { display: none; }
`;

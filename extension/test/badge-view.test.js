import { test } from "node:test";
import assert from "node:assert/strict";
import { badgeState, close, createBadge, setResult } from "../src/content/badge-view.js";

const state = badgeState;
import { messagesFor } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";

const t = messagesFor("en");
const FACTS = { key: "0123456789abcdef", platform: "facebook", kind: "post", audience: "public", created_at: "2025-06-01", author: "other", author_age: "unknown" };
const RESULT = {
  id: FACTS.key, verdict: "included", may_already_be_used: true,
  reasons: [
    { code: "public", text: "Public posts of adults are used.", source: "https://about.fb.com/news/2025/04/x/", source_date: "2025-04-14" },
    { code: "evil", text: "<img src=x onerror=alert(1)>", source: "javascript:alert(1)", source_date: null },
  ],
  actions: [{ code: "object", text: "Object", url: "https://www.facebook.com/help/contact/6359191084165019" }, { code: "private", text: "Make it Friends-only", url: null }],
  flip: [{ fact: "audience", to: "friends", verdict: "excluded" }, { fact: "objection", to: "all", verdict: "excluded" },
    { fact: "author_age", to: "minor", verdict: "excluded" }],
};

function setup() {
  const { document, window } = load("<main><span id='anchor'>May 3</span><a id='after' href='#'>next</a></main>");
  const host = createBadge(document, FACTS, t);
  document.getElementById("anchor").after(host);
  return { document, window, host, button: host.shadowRoot.querySelector("button") };
}

test("the host lives in the light DOM with the data attributes tests look for; the button is in its shadow root", () => {
  const { document, host, button } = setup();
  assert.ok(host.classList.contains("ai-optout-badge"));
  assert.equal(document.querySelectorAll("[data-ai-optout-verdict]").length, 0, "no verdict before the answer");
  assert.equal(host.dataset.aiOptoutState, "pending");
  assert.equal(host.dataset.aiOptoutKind, "post");
  assert.equal(host.dataset.aiOptoutAudience, "public");
  assert.equal(button.tagName, "BUTTON");
  assert.equal(button.type, "button");
  assert.match(button.getAttribute("aria-label"), /^Checking… — Post, audience: Public\. Show why$/);
});

test("the answer sets data-ai-optout-verdict and an accessible name that says the verdict", () => {
  const { document, host, button } = setup();
  setResult(host, RESULT, "ready");
  assert.equal(document.querySelectorAll('[data-ai-optout-verdict="included"]').length, 1);
  assert.equal(button.textContent, "AI training: used");
  assert.equal(button.getAttribute("aria-label"), "Likely used to train Meta's AI — Post, audience: Public. Show why");
  setResult(host, null, "error");
  assert.equal(host.dataset.aiOptoutVerdict, undefined);
  assert.equal(host.dataset.aiOptoutState, "error");
});

test("clicking opens a focusable explanation; Escape closes it and returns focus to the button", () => {
  const { window, host, button } = setup();
  setResult(host, RESULT, "ready");
  button.click();
  const panel = host.shadowRoot.querySelector("[data-ai-optout-explanation]");
  assert.ok(panel);
  assert.equal(panel.getAttribute("role"), "dialog");
  assert.equal(panel.tabIndex, -1);
  assert.equal(host.shadowRoot.activeElement, panel);
  assert.equal(host.dataset.aiOptoutOpen, "true");
  assert.equal(button.getAttribute("aria-expanded"), "true");
  panel.dispatchEvent(new window.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  assert.equal(host.shadowRoot.querySelector("[data-ai-optout-explanation]"), null);
  assert.equal(host.shadowRoot.activeElement, button);
  assert.equal(button.getAttribute("aria-expanded"), "false");
});

test("the explanation: verdict, facts, may-already-be-used, reasons with sources, actions with links, what would flip it", () => {
  const { host, button } = setup();
  setResult(host, RESULT, "ready");
  button.click();
  const panel = host.shadowRoot.querySelector("[data-ai-optout-explanation]");
  const text = panel.textContent;
  for (const part of ["Likely used to train Meta's AI", "Post · Public · Jun 1, 2025 · someone else's", "It may already have been used.",
    "Public posts of adults are used.", "Source (2025-04-14)", "What you can do", "Make it Friends-only",
    "If the audience were Friends: Not used to train Meta's AI", "If you object now (Everything): Not used to train Meta's AI",
    "If the author's age were under 18: Not used to train Meta's AI"]) assert.ok(text.includes(part), part);
  const links = [...panel.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href"), a.rel]);
  assert.deepEqual(links, [
    ["Source (2025-04-14)", "https://about.fb.com/news/2025/04/x/", "noopener noreferrer"],
    ["Object", "https://www.facebook.com/help/contact/6359191084165019", "noopener noreferrer"],
  ]);
  assert.equal(panel.querySelector("img"), null, "service text is shown as text, never parsed as HTML");
  assert.ok(text.includes("<img src=x onerror=alert(1)>"));
});

test("the close button and a second click close it too; clicks never reach the page", () => {
  const { window, document, host, button } = setup();
  let pageClicks = 0;
  document.querySelector("main").addEventListener("click", () => { pageClicks += 1; });
  button.click();
  host.shadowRoot.querySelector(".close").click();
  assert.equal(host.dataset.aiOptoutOpen, "false");
  button.click();
  button.click();
  assert.equal(host.dataset.aiOptoutOpen, "false");
  assert.equal(pageClicks, 0);
  close(host);
  assert.ok(window);
});

test("while the explanation is open, a late answer updates it in place", () => {
  const { host, button } = setup();
  button.click();
  assert.ok(host.shadowRoot.querySelector("[data-ai-optout-explanation]").textContent.includes("Asking the AI Opt-Out service"));
  setResult(host, RESULT, "ready");
  assert.ok(host.shadowRoot.querySelector("[data-ai-optout-explanation]").textContent.includes("It may already have been used."));
  assert.equal(badgeState(host).status, "ready");
});

test("the German badge speaks German", () => {
  const { document } = load("<p></p>");
  const host = createBadge(document, FACTS, messagesFor("de"));
  setResult(host, { ...RESULT, verdict: "excluded" }, "ready");
  assert.equal(host.shadowRoot.querySelector("button").getAttribute("aria-label"), "Wird nicht zum Training von Metas KI genutzt — Beitrag, Publikum: Öffentlich. Begründung anzeigen");
});

const CONDITIONAL = {
  ...RESULT,
  reasons: [{ code: "age.unless_minor_excluded", text: "Used, unless the author is under 18: Meta says it does not use content from the accounts of people under 18.", source: "https://example.org/s", source_date: "2025-04-14" }],
  condition: { fact: "author_age", unless: "minor", verdict: "excluded" },
};

test("issue 13: words a person understands at a glance, never a question mark", () => {
  const { host, button } = setup();
  const shown = [];
  for (const verdict of ["included", "excluded", "uncertain"]) {
    setResult(host, { ...RESULT, verdict }, "ready");
    shown.push(button.textContent);
  }
  setResult(host, null, "pending");
  shown.push(button.textContent);
  assert.deepEqual(shown, ["AI training: used", "AI training: not used", "AI training: unclear", "AI training …"]);
  assert.ok(shown.every((s) => !s.includes("?")));
});

test("issue 13: a conditional answer is marked on the badge and spelled out in its accessible name and explanation", () => {
  const { host, button } = setup();
  setResult(host, CONDITIONAL, "ready");
  assert.equal(button.textContent, "AI training: used*");
  assert.equal(host.dataset.aiOptoutVerdict, "included");
  assert.equal(host.dataset.aiOptoutUnlessMinor, "excluded");
  assert.equal(button.getAttribute("aria-label"), "Likely used to train Meta's AI, unless the author is under 18 — Post, audience: Public. Show why");
  button.click();
  const panel = host.shadowRoot.querySelector("[data-ai-optout-explanation]");
  assert.equal(panel.querySelector("h2").textContent, "Likely used to train Meta's AI, unless the author is under 18");
  assert.equal(panel.querySelector(".condition").textContent, "The page does not show the author's age. If the author is under 18: Not used to train Meta's AI.");
  assert.ok(panel.textContent.includes("Used, unless the author is under 18: Meta says"));
  // The same item answered firmly (the age is known) loses the mark.
  setResult(host, { ...CONDITIONAL, condition: null }, "ready");
  assert.equal(button.textContent, "AI training: used");
  assert.equal(host.dataset.aiOptoutUnlessMinor, undefined);
  assert.equal(panel.querySelector(".condition"), null);
});

test("issue 13: every shipped language has the badge words and the condition, placeholders intact", async () => {
  const { readdirSync } = await import("node:fs");
  const languages = readdirSync(new URL("../_locales/", import.meta.url));
  assert.deepEqual(languages.sort(), ["de", "en", "es", "fr", "it", "nl", "pl", "pt_BR"]);
  for (const lang of languages) {
    const tl = messagesFor(lang);
    const { host, button } = setup();
    state(host).t = tl;
    const words = ["included", "excluded", "uncertain"].map((verdict) => { setResult(host, { ...RESULT, verdict }, "ready"); return button.textContent; });
    setResult(host, CONDITIONAL, "ready");
    words.push(button.textContent);
    assert.equal(new Set(words).size, 4, `${lang}: four different words`);
    assert.ok(words.every((w) => !w.includes("?") && w.length <= 30), `${lang}: short, no question mark: ${words}`);
    assert.ok(words[3].endsWith("*"), `${lang}: the conditional form is marked`);
    const line = tl("conditionMinor", [tl("verdict_excluded")]);
    assert.ok(line.includes(tl("verdict_excluded")) && !line.includes("$"), `${lang}: ${line}`);
    assert.notEqual(tl("verdict_included_unless_minor"), "verdict_included_unless_minor");
  }
});

test("issue 13: the date shown is the day the page showed, in the person's language, in every time zone", async () => {
  const { shownDate } = await import("../src/content/explanation-view.js");
  const before = process.env.TZ;
  try {
    for (const zone of ["America/Los_Angeles", "UTC", "Pacific/Kiritimati", "Asia/Kolkata"]) {
      process.env.TZ = zone;
      assert.equal(shownDate("2025-06-01", "en_US"), "Jun 1, 2025", zone);
      assert.equal(shownDate("2024-12-31", "de"), "31.12.2024", zone);
      assert.equal(shownDate("2025-01-01", "@@ui_locale"), shownDate("2025-01-01", undefined), zone);
    }
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
  assert.equal(shownDate("not a day", "en"), "not a day");
});

test("issue 13: the explanation goes where the window has room, never past its edges", async () => {
  const { placePanel } = await import("../src/content/badge-view.js");
  const laptop = { width: 1366, height: 768 };
  const phone = { width: 390, height: 844 };
  const panel = { width: 340, height: 560 };
  const inside = (p, view, natural) => {
    const height = Math.min(natural.height, p.maxHeight);
    return p.left >= 8 && p.left + Math.min(natural.width, view.width - 16) <= view.width - 8
      && p.top >= 8 && p.top + height <= view.height - 8;
  };
  for (const [view, badge, side] of [
    [laptop, { left: 100, top: 40, bottom: 58 }, "below"], // room below
    [laptop, { left: 100, top: 700, bottom: 718 }, "above"], // near the bottom: above
    [laptop, { left: 1300, top: 380, bottom: 398 }, "above"], // near the right edge, mid-window
    [phone, { left: 330, top: 820, bottom: 838 }, "above"],
    [phone, { left: 5, top: 10, bottom: 28 }, "below"],
    [{ width: 390, height: 300 }, { left: 20, top: 160, bottom: 178 }, "above"], // a short window: capped, scrolls
    [laptop, { left: 100, top: -500, bottom: -482 }, "below"], // scrolled off the top
    [laptop, { left: 100, top: 2000, bottom: 2018 }, "above"], // scrolled off the bottom
  ]) {
    const p = placePanel(badge, panel, view);
    assert.ok(inside(p, view, panel), JSON.stringify({ view, badge, p }));
    assert.equal(p.top >= badge.bottom ? "below" : "above", side, JSON.stringify({ badge, p }));
  }
});

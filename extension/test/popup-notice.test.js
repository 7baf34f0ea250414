// The popup's notice that Meta's rules for the person's region changed: the region's name and the
// day in the person's language, each change with its source, a link to what it means for them, and
// a dismiss that hides it for good (and keeps it when the dismissal could not be kept).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { MSG } from "../src/messages.js";
import { formatDay, showPolicyNotice, startPolicyNotice } from "../src/ui/popup-notice.js";
import { messagesFor } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";

const POPUP = readFileSync(new URL("../popup.html", import.meta.url), "utf8");
const SOURCE = "https://about.fb.com/news/2025/04/making-ai-work-harder-for-europeans/";
const NOTICE = {
  id: "meta-eu-2025-05-27", title: "EU: public posts used", effective_from: "2025-05-27", lang: "en",
  changes: [{ text: "Training on public adult content starts in the EU.", source: SOURCE }],
};
const ANSWER = { ok: true, region: "DE", site: "http://127.0.0.1:8000/?region=DE", notices: [NOTICE] };

const popup = () => load(POPUP, "chrome-extension://x/popup.html").document;
const tick = () => new Promise((done) => setTimeout(done, 0));

test("the day is written in the person's locale", () => {
  assert.equal(formatDay("2025-05-27", "en"), "May 27, 2025");
  assert.equal(formatDay("2025-05-27", "de"), "27. Mai 2025");
  assert.equal(formatDay("2025-05-27", "pt-BR"), "27 de maio de 2025");
  assert.equal(formatDay("not a day", "en"), "not a day");
});

for (const [lang, expected] of [
  ["en", "Meta's rules for your region (Germany) changed on May 27, 2025:"],
  ["de", "Metas Regeln für deine Region (Deutschland) haben sich am 27. Mai 2025 geändert:"],
  ["fr", "Les règles de Meta pour votre région (Allemagne) ont changé le 27 mai 2025 :"],
  ["pl", "Zasady Mety dla Twojego regionu (Niemcy) zmieniły się 27 maja 2025:"],
]) {
  test(`${lang}: the notice names the region and the day, each change with its source, and what it means`, () => {
    const doc = popup();
    const shown = showPolicyNotice(doc, messagesFor(lang), lang, ANSWER);
    assert.deepEqual(shown, ["meta-eu-2025-05-27"]);
    const box = doc.getElementById("policy-notice");
    assert.equal(box.hidden, false);
    assert.equal(doc.body.dataset.policyNotice, "shown");
    assert.equal(box.querySelector("article h3").textContent, expected);
    const item = box.querySelector("article li");
    assert.equal(item.lang, "en", "the change reads in the language the service answered in");
    assert.ok(item.textContent.startsWith(NOTICE.changes[0].text));
    const source = item.querySelector("a");
    assert.equal(source.href, SOURCE);
    assert.equal(source.rel, "noopener noreferrer");
    assert.equal(source.textContent, messagesFor(lang)("policySource"));
    const meaning = doc.getElementById("policy-notice-meaning");
    assert.equal(meaning.hidden, false);
    assert.equal(meaning.href, ANSWER.site);
  });
}

test("nothing new, the region unknown or the background unreachable: no notice", () => {
  for (const answer of [{ ...ANSWER, notices: [] }, { ok: true, region: null, site: null, notices: [] }, null]) {
    const doc = popup();
    assert.deepEqual(showPolicyNotice(doc, messagesFor("en"), "en", answer), []);
    assert.equal(doc.getElementById("policy-notice").hidden, true);
    assert.equal(doc.body.dataset.policyNotice, "none");
  }
});

test("a change without a source shows no link; a version without changes says its title", () => {
  const doc = popup();
  const bare = { ...NOTICE, id: "meta-eu-2024-06-14", lang: null, changes: [] };
  const sourceless = { ...NOTICE, changes: [{ text: "Said without a source.", source: "" }] };
  showPolicyNotice(doc, messagesFor("en"), "en", { ...ANSWER, notices: [sourceless, bare] });
  const items = [...doc.querySelectorAll("#policy-notice li")];
  assert.deepEqual(items.map((li) => li.textContent), ["Said without a source.", "EU: public posts used"]);
  assert.equal(doc.querySelectorAll("#policy-notice li a").length, 0);
  assert.equal(items[1].lang, "", "no language claimed when the service named none");
});

test("dismiss: the shown versions are dismissed and the notice hides; a failed dismissal keeps it", async () => {
  for (const [reply, hidden] of [[{ ok: true }, true], [{ ok: false, error: "sender not allowed" }, false]]) {
    const doc = popup();
    const sent = [];
    const send = async (message) => {
      sent.push(message);
      return message.type === MSG.POLICY_NOTICES ? ANSWER : reply;
    };
    await startPolicyNotice(doc, { send, t: messagesFor("en"), language: "en" });
    assert.equal(doc.getElementById("policy-notice").hidden, false);
    doc.getElementById("policy-notice-dismiss").click();
    await tick();
    assert.deepEqual(sent, [{ type: MSG.POLICY_NOTICES }, { type: MSG.DISMISS_POLICY_NOTICES, ids: ["meta-eu-2025-05-27"] }]);
    assert.equal(doc.getElementById("policy-notice").hidden, hidden);
  }
});

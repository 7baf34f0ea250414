import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildForm, formToPreferences, objectionLinks, preferencesToForm, statusLines, syncForm } from "../src/ui/popup-form.js";
import { localize } from "../src/ui/i18n-dom.js";
import { originToRequest } from "../src/ui/options.js";
import { messagesFor } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";

const t = messagesFor("en");
const POPUP = readFileSync(new URL("../popup.html", import.meta.url), "utf8");
const FB = "https://www.facebook.com/help/contact/6359191084165019";
const IG = "https://help.instagram.com/contact/767264225370182";

function popup(lang = "en") {
  const { document } = load(POPUP, "chrome-extension://x/popup.html");
  buildForm(document, messagesFor(lang), lang);
  return document;
}

test("the popup's stable ids exist", () => {
  const doc = popup();
  for (const id of ["region", "platform-facebook", "profile-facebook", "objection-facebook", "objection-link-facebook",
    "platform-instagram", "profile-instagram", "objection-instagram", "objection-link-instagram",
    "scope-all", "scope-posts", "listed", "save", "status", "message", "open-options", "accounts-center"]) assert.ok(doc.getElementById(id), id);
  assert.equal(doc.getElementById("listed").checked, false, "listing is off by default");
  assert.equal(doc.getElementById("save").type, "submit");
});

for (const [region, expected] of [["DE", { facebook: FB, instagram: IG }], ["GB", { facebook: FB, instagram: IG }], ["CH", { facebook: FB, instagram: IG }],
  ["BR", { facebook: FB, instagram: IG }], ["NO", { facebook: FB, instagram: IG }], ["US", { facebook: null, instagram: null }], [null, { facebook: null, instagram: null }]]) {
  test(`objection form links for ${region}`, () => assert.deepEqual(objectionLinks(region), expected));
}

test("region select: localised names, codes as values; the form shows Meta's form only where the region has one", () => {
  const doc = popup("de");
  assert.equal(doc.querySelector('#region option[value="DE"]').textContent, "Deutschland");
  doc.getElementById("region").value = "US";
  doc.getElementById("platform-facebook").checked = true;
  syncForm(doc, t);
  assert.equal(doc.getElementById("objection-link-facebook").hidden, true);
  assert.equal(doc.getElementById("objection-note").hidden, false);
  doc.getElementById("region").value = "IT";
  syncForm(doc, t);
  assert.equal(doc.getElementById("objection-link-facebook").hidden, false);
  assert.equal(doc.getElementById("objection-link-facebook").href, FB);
  assert.equal(doc.getElementById("profile-instagram").disabled, true, "an unlinked platform's fields are off");
});

test("preferences → form → preferences round trip, keeping objection dates already on record", () => {
  const doc = popup();
  const prefs = {
    region: "NL", scope: ["posts", "ai_chats"], listed: true, version: 3,
    accounts: [{ platform: "facebook", profile: "jane.doe", objection: { state: "submitted", submitted_on: "2025-05-20", confirmed_on: null, rejected_reason: null } }],
  };
  preferencesToForm(doc, prefs);
  syncForm(doc, t);
  assert.deepEqual(formToPreferences(doc, prefs), {
    region: "NL", scope: ["posts", "ai_chats"], listed: true,
    accounts: [{ platform: "facebook", profile: "jane.doe", objection: { state: "submitted", submitted_on: "2025-05-20", confirmed_on: null, rejected_reason: null } }],
  });
  doc.getElementById("scope-all").checked = true;
  doc.getElementById("platform-instagram").checked = true;
  doc.getElementById("profile-instagram").value = "  ";
  assert.deepEqual(formToPreferences(doc, prefs).scope, "all");
  assert.deepEqual(formToPreferences(doc, prefs).accounts[1], { platform: "instagram", profile: null, objection: { state: "not_started" } });
});

test("the popup keeps the Accounts Center mark, and objecting again after a withdrawal starts a new objection", () => {
  const doc = popup();
  const prefs = {
    region: "DE", scope: "all", listed: false,
    accounts: [{ platform: "facebook", profile: "jane.doe", accounts_center: true,
      objection: { state: "withdrawn", submitted_on: "2025-05-20", confirmed_on: null, rejected_reason: null, withdrawn_on: "2025-09-01" } }],
  };
  preferencesToForm(doc, prefs);
  assert.equal(doc.getElementById("objection-facebook").value, "withdrawn");
  assert.deepEqual(formToPreferences(doc, prefs).accounts[0], { ...prefs.accounts[0] });
  doc.getElementById("objection-facebook").value = "submitted";
  const again = formToPreferences(doc, prefs).accounts[0];
  assert.equal(again.accounts_center, true);
  assert.deepEqual(again.objection, { state: "submitted", submitted_on: null, confirmed_on: null, rejected_reason: null, withdrawn_on: null });
});

const WITHDRAWN = { state: "withdrawn", submitted_on: "2025-05-20", confirmed_on: null, rejected_reason: null, withdrawn_on: "2025-09-01" };
const SUBMITTED = { state: "submitted", submitted_on: "2025-10-02", confirmed_on: null, rejected_reason: null, withdrawn_on: null };

/** A record with Facebook (withdrawn) and Instagram (submitted), each with the mark given. */
function twoAccounts(facebook, instagram) {
  const mark = (value) => (value === undefined ? {} : { accounts_center: value });
  return {
    region: "DE", scope: "all", listed: false,
    accounts: [{ platform: "facebook", profile: "jane.doe", objection: WITHDRAWN, ...mark(facebook) },
      { platform: "instagram", profile: null, objection: SUBMITTED, ...mark(instagram) }],
  };
}

function shown(prefs) {
  const doc = popup();
  preferencesToForm(doc, prefs);
  syncForm(doc, t);
  return doc;
}

const marks = (body) => body.accounts.map((a) => [a.platform, a.accounts_center]);

test("the Accounts Center box is shown once two accounts are linked, ticked when every one on record is marked", () => {
  const doc = shown({ region: "DE", scope: "all", listed: false, accounts: [{ platform: "facebook", profile: null, accounts_center: true, objection: SUBMITTED }] });
  assert.equal(doc.getElementById("accounts-center-row").hidden, true, "one account: \"these accounts\" means nothing");
  doc.getElementById("platform-instagram").checked = true;
  syncForm(doc, t);
  assert.equal(doc.getElementById("accounts-center-row").hidden, false);
  assert.equal(doc.getElementById("accounts-center").checked, true);
  assert.equal(shown(twoAccounts(true, false)).getElementById("accounts-center").checked, false);
  assert.equal(shown(twoAccounts(true, true)).getElementById("accounts-center").checked, true);
  assert.equal(shown(null).getElementById("accounts-center").checked, false);
});

test("saving with the box untouched sends every account, its withdrawal and its mark, as read", () => {
  for (const prefs of [twoAccounts(true, true), twoAccounts(false, false), twoAccounts(true, false), twoAccounts(undefined, undefined)]) {
    assert.deepEqual(formToPreferences(shown(prefs), prefs), prefs);
  }
});

test("ticking the box marks every linked account, unticking it unmarks them, and no objection changes", () => {
  const unmarked = twoAccounts(false, false);
  const doc = shown(unmarked);
  doc.getElementById("accounts-center").checked = true;
  const ticked = formToPreferences(doc, unmarked);
  assert.deepEqual(marks(ticked), [["facebook", true], ["instagram", true]]);
  assert.deepEqual(ticked.accounts.map((a) => a.objection), [WITHDRAWN, SUBMITTED]);

  const marked = twoAccounts(true, true);
  const again = shown(marked);
  again.getElementById("accounts-center").checked = false;
  assert.deepEqual(marks(formToPreferences(again, marked)), [["facebook", false], ["instagram", false]]);

  // A newly linked second account joins the marked one when the box, read ticked, stays ticked.
  const one = { region: "DE", scope: "all", listed: false, accounts: [{ platform: "facebook", profile: null, accounts_center: true, objection: SUBMITTED }] };
  const grown = shown(one);
  grown.getElementById("platform-instagram").checked = true;
  assert.deepEqual(marks(formToPreferences(grown, one)), [["facebook", true], ["instagram", true]]);
});

test("the box and the popup's new words are in every language; the form link is short, named in full", () => {
  for (const lang of ["en", "de", "fr", "es", "it", "nl", "pl", "pt_BR"]) {
    const m = messagesFor(lang);
    for (const key of ["accountsCenterLabel", "accountsCenterHelp", "objectionFormShort", "profileLabelShort", "profilePlaceholder"]) {
      assert.notEqual(m(key), key, `${lang} ${key}`);
      if (lang !== "en") assert.notEqual(m(key), t(key), `${lang} ${key} is translated`);
    }
  }
  const doc = popup("de");
  localize(doc, messagesFor("de"), "de");
  assert.equal(doc.querySelector('label[for="accounts-center"]').textContent, "Diese Konten sind in derselben Meta-Kontenübersicht");
  assert.equal(doc.getElementById("profile-facebook").placeholder, "Name oder URL");
  doc.getElementById("region").value = "DE";
  syncForm(doc, messagesFor("de"));
  const link = doc.getElementById("objection-link-instagram");
  assert.equal(link.textContent, "Widerspruchsformular");
  assert.equal(link.getAttribute("aria-label"), "Metas Widerspruchsformular für Instagram öffnen");
});

test("status lines: a withdrawn objection with its day, and the Accounts Center mark", () => {
  const preferences = { region: "DE", accounts: [{ platform: "facebook", profile: null, accounts_center: true, objection: { state: "withdrawn", withdrawn_on: "2025-09-01" } }] };
  assert.deepEqual(statusLines({ preferences, receipt: null }, t), ["Region: DE", "Facebook: objection withdrawn on 2025-09-01 (in the same Accounts Center)"]);
  assert.equal(statusLines({ preferences, receipt: null }, messagesFor("de"))[1], "Facebook: Widerspruch zurückgezogen am 2025-09-01 (in derselben Kontenübersicht)");
});

test("status lines: region, each account's objection state, the latest receipt", () => {
  const lines = statusLines({
    preferences: { region: "DE", accounts: [{ platform: "facebook", profile: "jane.doe", objection: { state: "confirmed" } }, { platform: "instagram", profile: null, objection: { state: "not_started" } }] },
    receipt: { jws: "a.b.c", event_hash: "0123456789abcdef0123", position: 42 },
  }, t);
  assert.deepEqual(lines, ["Region: DE", "Facebook (jane.doe): objection confirmed by Meta", "Instagram: objection not started", "Latest receipt: entry #42, 0123456789ab"]);
  assert.deepEqual(statusLines({ preferences: null, problem: { title: "x" } }, t), ["The service is not reachable."]);
});

test("options: loopback services need no extra permission; a self-hosted https service asks for its origin", () => {
  assert.equal(originToRequest("http://127.0.0.1:8000"), null);
  assert.equal(originToRequest("http://localhost:9000/api"), null);
  assert.equal(originToRequest("https://optout.example.org/base"), "https://optout.example.org/*");
  assert.equal(originToRequest("http://192.0.2.7:8000"), "http://192.0.2.7/*");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { codeFailureKey, qrImageUrl, recoveryCodesText, timeLeft } from "../src/ui/account-text.js";
import { messagesFor } from "./helpers/fake-browser.js";
import { QR_SVG } from "./helpers/fake-service.js";

const { DOMParser } = new JSDOM("").window;

test("a failed code reads the same whether it was wrong, used or unknown; expiry, rate limit and outages have their own words", () => {
  const en = messagesFor("en");
  const cases = [
    [{ status: 401, problem: { code: "recovery-code-invalid" } }, "codeWrong"],
    [{ status: 401, problem: { code: "link-code-invalid" } }, "codeWrong"],
    [{ status: 410, problem: { code: "link-code-used" } }, "codeWrong"],
    [{ status: 404, problem: null }, "codeWrong"],
    [{ status: 410, problem: { code: "link-code-expired" } }, "codeExpired"],
    [{ status: 429, problem: { code: "too-many-code-attempts" } }, "codeTooManyTries"],
    [{ status: 400, problem: { code: "rate_limited" } }, "codeTooManyTries"],
    [{ status: 503, problem: null }, "serviceUnavailable"],
    [{ status: 502, problem: { code: "provider_unavailable" } }, "serviceUnavailable"],
    [{ status: 0 }, "serviceUnavailable"],
  ];
  for (const [answer, key] of cases) {
    assert.equal(codeFailureKey(answer), key, JSON.stringify(answer));
    assert.ok(en(key), `${key} has English text`);
  }
});

test("a link code's countdown", () => {
  const at = "2026-01-01T00:10:00Z";
  assert.equal(timeLeft(at, Date.parse("2026-01-01T00:00:00Z")), "10:00");
  assert.equal(timeLeft(at, Date.parse("2026-01-01T00:09:58.500Z")), "0:02");
  assert.equal(timeLeft(at, Date.parse("2026-01-01T00:10:00Z")), null);
  assert.equal(timeLeft("not a date", 0), null);
});

test("the recovery codes file lists every code, numbered", () => {
  const text = recoveryCodesText(["aaaa-bbbb", "cccc-dddd"], { title: "T", note: "N", service: "Service: x", made: "Made: y" });
  assert.match(text, /^T\n\nN\n\nService: x\nMade: y\n\n 1\. aaaa-bbbb\n 2\. cccc-dddd\n$/);
});

test("the QR image: an SVG document becomes an <img> data URL (an image runs nothing); anything else is refused", () => {
  const parser = new DOMParser();
  const url = qrImageUrl(QR_SVG, parser);
  assert.ok(url?.startsWith("data:image/svg+xml;charset=utf-8,"));
  assert.equal(decodeURIComponent(url.slice(url.indexOf(",") + 1)), QR_SVG);
  assert.equal(qrImageUrl('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', parser), null);
  assert.equal(qrImageUrl("<svg><unclosed>", parser), null, "not well-formed");
  assert.equal(qrImageUrl('<svg xmlns="http://www.w3.org/2000/svg"', parser), null);
  assert.equal(qrImageUrl("", parser), null);
});

// The service's answer, drawn with DOM calls only (no HTML strings): the verdict for each item,
// whether it may already have been used, what would change it, and each reason with its source.

import { element } from "./dom.js";

// The extension's badge words (i18n/shared/): the page and the badge say a verdict alike.
const VERDICT_KEYS = { included: "badge_included", excluded: "badge_excluded", uncertain: "badge_uncertain" };
const ITEM_KEYS = { "earlier-post": "itemEarlierPost", "new-post": "itemNewPost", "new-comment": "itemNewComment" };

function alreadyUsed(value) {
  if (value === true) return "alreadyUsedYes";
  if (value === false) return "alreadyUsedNo";
  return "alreadyUsedUnknown";
}

function flipText(t, flip) {
  const verdict = t(VERDICT_KEYS[flip.verdict]);
  if (flip.fact === "objection") return t("flipObjection", { verdict });
  if (flip.fact === "audience") return t("flipAudience", { audience: t(`audience_${flip.to}`), verdict });
  if (flip.fact === "author_age") return t(flip.to === "minor" ? "flipAgeMinor" : "flipAgeAdult", { verdict });
  return null; // a fact this page cannot put into words yet: left out rather than misnamed
}

function sourceLink(document, t, reason) {
  const link = element(document, "a", { href: reason.source, rel: "noopener noreferrer", target: "_blank" });
  link.textContent = t("source", { date: reason.source_date });
  return link;
}

function itemCard(document, t, result) {
  const card = element(document, "article", { class: `item verdict-${result.verdict}` });
  card.append(element(document, "h3", {}, t(ITEM_KEYS[result.id] ?? "itemOther")));
  card.append(element(document, "p", { class: "verdict" }, t(VERDICT_KEYS[result.verdict])));
  if (result.condition) {
    // Only the age, which the person chose not to say, would change the answer.
    const otherwise = t(VERDICT_KEYS[result.condition.verdict]);
    card.append(element(document, "p", { class: "condition" }, t("conditionMinor", { verdict: otherwise })));
  }
  card.append(element(document, "p", { class: "already" }, t(alreadyUsed(result.may_already_be_used))));
  if (result.flip.length > 0) {
    const flips = element(document, "ul", { class: "flips", "aria-label": t("whatWouldChange") });
    for (const text of result.flip.map((flip) => flipText(t, flip)).filter(Boolean)) {
      flips.append(element(document, "li", {}, text));
    }
    if (flips.childElementCount > 0) card.append(element(document, "h4", {}, t("whatWouldChange")), flips);
  }
  const why = element(document, "details", { class: "reasons" });
  why.append(element(document, "summary", {}, t("why")));
  const reasons = element(document, "ul");
  for (const reason of result.reasons) {
    const entry = element(document, "li", {}, `${reason.text} `);
    entry.append(sourceLink(document, t, reason));
    reasons.append(entry);
  }
  why.append(reasons);
  card.append(why);
  if (result.actions.length > 0) {
    const actions = element(document, "ul", { class: "actions" });
    for (const action of result.actions) {
      const entry = element(document, "li");
      if (action.url) {
        entry.append(element(document, "a", { href: action.url, rel: "noopener noreferrer", target: "_blank" }, action.text));
      } else {
        entry.textContent = action.text;
      }
      actions.append(entry);
    }
    card.append(element(document, "h4", {}, t("whatYouCanDo")), actions);
  }
  return card;
}

/** Replace `container`'s content with one card per item of an explain response. */
export function showAnswer(document, container, t, response) {
  container.replaceChildren(...response.results.map((result) => itemCard(document, t, result)));
}

// The person's answers, turned into the facts `POST /v1/explain` takes: never more than that.

/** Who can see a post, as each platform lets a person choose it. */
export const AUDIENCES = {
  facebook: ["public", "friends", "friends_of_friends", "only_me", "custom"],
  instagram: ["public", "followers", "close_friends"],
};

// An item from before Meta began training on European posts, and one shared today: together
// they show what may already have been used and what is used from now on.
const EARLIER_POST_DATE = "2022-06-01";

/** The three items the answer speaks about, for one platform and audience. */
export function exampleItems({ platform, audience, age, today }) {
  const common = { platform, author: "self", author_age: age };
  return [
    { ...common, id: "earlier-post", kind: "post", audience, created_at: EARLIER_POST_DATE },
    { ...common, id: "new-post", kind: "post", audience, created_at: today },
    // A comment takes the audience of what it is under: here, a public post.
    { ...common, id: "new-comment", kind: "comment", audience: "public", created_at: today },
  ];
}

/** The request body for the answers; `objectedOn` is a YYYY-MM-DD date or null. */
export function explainRequest({ country, platform, audience, age, objectedOn, today }) {
  const body = { region: country, as_of: today, items: exampleItems({ platform, audience, age, today }) };
  if (objectedOn) body.objection = { filed_on: objectedOn, scope: "all" };
  return body;
}

/** Today's date on the person's own calendar (not UTC's). */
export function localToday(now = new Date()) {
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// The service a store package was built for: its address and its key set (the keys that sign the
// data the extension checks). `npm run package` (tools/package.mjs) writes this file, in the
// package only, with the operator's service; in the checkout it pins nothing, so the loopback
// default and any key set fetched later keep today's behaviour.

/** @type {Readonly<{apiBase: string, jwks: {keys: Array<Record<string, string>>}, pinnedAt: string}> | null} */
export const PINNED_SERVICE = null;

// A receipt as the person holds it: the compact JWS the service signed. The page shows what it
// states and offers it as a file; whether it is genuine is the service's verify answer (or anyone's
// check against /.well-known/jwks.json), never this decoding. Pure: no DOM, no fetch.

function base64urlText(part) {
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims a JWS states (unverified), or null when it is not a readable compact JWS. */
export function statedClaims(jws) {
  const parts = String(jws).split(".");
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(base64urlText(parts[1]));
    return claims && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

/** The file name a downloaded receipt gets. */
export function receiptFileName(receipt) {
  const day = String(receipt.created_at ?? "").slice(0, 10) || "receipt";
  return `ai-optout-receipt-${day}-${String(receipt.id).slice(0, 8)}.jws`;
}

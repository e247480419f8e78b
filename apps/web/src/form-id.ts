/**
 * A fresh Idempotency-Key for a form: the same one for every send of that form, so a double
 * click or a retry records once; a new one once it is recorded. `crypto.randomUUID` exists only
 * in secure contexts, and the dashboard may be opened over plain HTTP on a LAN.
 */
export const newFormId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );

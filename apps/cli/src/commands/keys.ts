import { KEY_ID, KeyView, Ledger, consoleCommand } from '@ledger/ledger';
import { UsageError } from '../cli-error';
import { withLedger } from '../open-ledger';
import { table } from '../table';

/** Keys issued before key events are put on the record first, as a server does when it starts. */
const withKeys = <T>(work: (ledger: Ledger) => Promise<T>): Promise<T> =>
  withLedger(async (ledger) => {
    await ledger.keys.recordUnlogged();
    return work(ledger);
  });

const keyIdOf = (keyId: string): string => {
  if (!KEY_ID.test(keyId))
    throw new UsageError(
      `a key id is 12 hex digits, such as 0123456789ab; ${JSON.stringify(keyId.slice(0, 40))} is not.`,
    );
  return keyId;
};

const boundTo = (unitId: string | null) => (unitId ? ` (unit ${unitId})` : '');
const until = (expiresAt: string | null | undefined) => (expiresAt ? `, until ${expiresAt}` : '');

export const createKey = (options: { role: string; unit?: string; name: string; expires?: string }) =>
  withKeys(async (ledger) => {
    const { key, principal, view } = await ledger.keys.create(
      { role: options.role, unitId: options.unit, name: options.name, expiresAt: options.expires },
      consoleCommand(),
    );
    process.stdout.write(
      `created ${principal.role} key ${principal.keyId} for ${principal.name}${boundTo(principal.unitId)}${until(view.expiresAt)}; it is shown once:\n`,
    );
    process.stdout.write(`${key}\n`);
  });

export const rotateKey = (keyId: string, options: { expires?: string }) =>
  withKeys(async (ledger) => {
    const { key, principal } = await ledger.keys.rotate(
      keyIdOf(keyId),
      { expiresAt: options.expires },
      consoleCommand(),
    );
    const view = await ledger.keys.view(principal.keyId);
    process.stdout.write(
      `revoked ${keyId}; created ${principal.role} key ${principal.keyId} for ${principal.name}${boundTo(principal.unitId)}${until(view.expiresAt)} in its place; it is shown once:\n`,
    );
    process.stdout.write(`${key}\n`);
  });

export const revokeKey = (keyId: string, options: { reason: string }) =>
  withKeys(async (ledger) => {
    const view = await ledger.keys.revoke(keyIdOf(keyId), options.reason, consoleCommand());
    process.stdout.write(
      `revoked ${view.role} key ${keyId} of ${view.name} at ${view.revokedAt}; every server refuses it within a second\n`,
    );
  });

const actorName = (view: KeyView['issuedBy']) => (view ? (view.name ?? view.id) : '');

export const listKeys = (options: { json?: boolean }) =>
  withKeys(async (ledger) => {
    const keys = await ledger.keys.list();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
      return;
    }
    const keysTable = table({
      head: ['key', 'name', 'role', 'unit', 'status', 'issued', 'by', 'expires', 'revoked'],
    });
    keysTable.push(
      ...keys.map((key) => [
        key.keyId,
        key.name,
        key.role,
        key.unitId ?? '',
        key.status,
        key.issuedAt.slice(0, 19),
        actorName(key.issuedBy),
        key.expiresAt?.slice(0, 19) ?? '',
        key.revokedAt ? `${key.revokedAt.slice(0, 19)} ${key.revocationReason ?? ''}` : '',
      ]),
    );
    process.stdout.write(`${keys.length} keys\n${keysTable.toString()}\n`);
  });

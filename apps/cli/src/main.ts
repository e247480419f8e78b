import { Command, Option } from 'commander';
import { fail } from './cli-error';
import { board } from './commands/board';
import { demo } from './commands/demo';
import { ExportOptions, exportCycle } from './commands/export';
import { explain } from './commands/explain';
import { changes, parseBound } from './commands/changes';
import { history } from './commands/history';
import { openApi } from './commands/openapi';
import { createKey, listKeys, revokeKey, rotateKey } from './commands/keys';
import { rebuild } from './commands/rebuild';
import { serve } from './commands/serve';
import { verify } from './commands/verify';
import { verifyBundleFile } from './commands/bundle';
import { parsePolicyFigure, parseTrack, whatIfCommand } from './commands/what-if';
import { checkpoint } from './commands/checkpoint';
import { BackupOptions, backup } from './commands/backup';
import { migrate, restore } from './commands/restore';
import { parseDay, parseExpiry, parseInstant, parsePosition, parseYear } from './options';

// A reader that stops early (`ledger export ... | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command()
  .name('ledger')
  .description(
    'Appraisal Ledger: the event-sourced 1+X appraisal ledger (server and operator tools).\n' +
      'Every command reads the same configuration as the server: LEDGER_STORE (sqlite, postgres, kurrentdb),\n' +
      'LEDGER_DATA_DIR, DATABASE_URL, KURRENTDB_URL.',
  )
  .showHelpAfterError('(ledger --help, or ledger <command> --help, says more)');

program
  .command('serve')
  .description('serve the HTTP API and dashboard (what npm start runs)')
  .action(() => serve().catch(fail));

const keys = program
  .command('keys')
  .description('manage API keys: every issue and revocation is an event in the log, never the key itself');
keys
  .command('create')
  .description('create an API key; prints it alone on the last line')
  .requiredOption('--role <role>', 'admin, supervisor, reviewer, unit-leader, auditor or analyst')
  .option('--unit <unitId>', 'the unit a unit-leader key is bound to')
  .requiredOption('--name <name>', 'whose key it is')
  .option('--expires <when>', 'a duration from now (30m, 12h, 90d, 52w) or an ISO 8601 instant', parseExpiry)
  .action((options: { role: string; unit?: string; name: string; expires?: string }) =>
    createKey(options).catch(fail),
  );
keys
  .command('list')
  .description(
    'every key ever issued: whose, its role, who issued it, and whether it is active, expired or revoked',
  )
  .option('--json', 'print JSON instead of a table')
  .action((options: { json?: boolean }) => listKeys(options).catch(fail));
keys
  .command('revoke <keyId>')
  .description('withdraw a key: every running server refuses it within a second')
  .requiredOption('--reason <reason>', 'why, for the record')
  .action((keyId: string, options: { reason: string }) => revokeKey(keyId, options).catch(fail));
keys
  .command('rotate <keyId>')
  .description(
    'issue a new key for the same holder, role and unit, and revoke the old one; prints the new key last',
  )
  .option(
    '--expires <when>',
    'when the new key expires: a duration from now or an ISO 8601 instant',
    parseExpiry,
  )
  .action((keyId: string, options: { expires?: string }) => rotateKey(keyId, options).catch(fail));

program
  .command('openapi')
  .description(
    "print the API's OpenAPI document (what the server publishes at /api/docs-json), without a store",
  )
  .option('--markdown', 'the route reference instead (docs/api-reference.md): routes, roles, query, bodies')
  .option('--out <file>', 'write it to this file instead of standard output')
  .action((options: { markdown?: boolean; out?: string }) => openApi(options).catch(fail));

program
  .command('demo')
  .description(
    'load the 2007 Jinjiang demo: street offices and departments, 7 key items, a year of awards, a panel, a case and disputes',
  )
  .action(() => demo().catch(fail));

program
  .command('rebuild')
  .description('rebuild the read models from the log, with progress; queries keep answering meanwhile')
  .option('--projection <name>', 'only this read model: scores, accountability, disputes, panels or history')
  .action((options: { projection?: string }) => rebuild(options).catch(fail));

program
  .command('history')
  .description("a unit's score history in a cycle: every event, who, why, and the running total")
  .requiredOption('--year <year>', 'the cycle, such as 2007', parseYear)
  .requiredOption('--unit <unitId>', 'the unit, such as sansheng')
  .option('--as-of <instant>', 'the history as it stood at this ISO 8601 instant', parseInstant)
  .option('--at-position <position>', 'the history as it stood right after this log position', parsePosition)
  .option('--json', 'print JSON instead of a table')
  .action((options) => history(options).catch(fail));

program
  .command('explain')
  .description(
    "a unit's total taken apart: base, every award and deduction, the cap and its policy, the rank and ties",
  )
  .requiredOption('--year <year>', 'the cycle, such as 2007', parseYear)
  .requiredOption('--unit <unitId>', 'the unit, such as sansheng')
  .option('--as-of <instant>', 'the total as it stood at this ISO 8601 instant', parseInstant)
  .option('--at-position <position>', 'the total as it stood right after this log position', parsePosition)
  .option('--json', 'print JSON instead of tables')
  .action((options) => explain(options).catch(fail));

program
  .command('board')
  .description("a cycle's scoreboard and leadership accountability, now or as they stood at a past point")
  .requiredOption('--year <year>', 'the cycle, such as 2007', parseYear)
  .addOption(
    new Option('--kind <kind>', 'only street offices or departments').choices(['street', 'department']),
  )
  .option('--as-of <instant>', 'as they stood at this ISO 8601 instant', parseInstant)
  .option('--at-position <position>', 'as they stood right after this log position', parsePosition)
  .option('--effective-on <day>', 'the appraisal as it stood on this day of the year (YYYY-MM-DD)', parseDay)
  .option('--json', 'print JSON instead of tables')
  .action((options) => board(options).catch(fail));

program
  .command('changes')
  .description(
    'which units moved (total, rank) and which leaders (status, withheld %) between two points of a cycle, and by which events',
  )
  .requiredOption('--year <year>', 'the cycle, such as 2007', parseYear)
  .option(
    '--from <position|instant>',
    'a log position or an ISO 8601 instant (default: the start)',
    parseBound,
  )
  .option('--to <position|instant>', 'a log position or an ISO 8601 instant (default: the head)', parseBound)
  .option(
    '--effective-from <day>',
    'the earlier standing as the appraisal stood on this day (YYYY-MM-DD)',
    parseDay,
  )
  .option(
    '--effective-to <day>',
    'the later standing as the appraisal stood on this day (YYYY-MM-DD)',
    parseDay,
  )
  .option('--json', 'print the JSON the API answers instead of tables')
  .action((options) => changes(options).catch(fail));

program
  .command('what-if')
  .description(
    "a cycle's scoreboard and accountability recomputed from the log under another policy or other tracks, beside the recorded ones; records nothing",
  )
  .requiredOption('--year <year>', 'the cycle, such as 2007', parseYear)
  .option('--cap <points>', 'the regular-track cap (regularCap)', parsePolicyFigure)
  .option('--award-max <points>', 'the largest award on a regular item (regularAwardMax)', parsePolicyFigure)
  .option('--base <points>', 'where the regular score starts (baseScore)', parsePolicyFigure)
  .option('--track <item=track...>', 'an item taken as on track 1 or X all year (repeatable)', parseTrack)
  .option('--json', 'print JSON instead of tables')
  .action((options) => whatIfCommand(options).catch(fail));

program
  .command('checkpoint')
  .description('sign a checkpoint of the whole log now and print it (keep a copy outside the database)')
  .action(() => checkpoint().catch(fail));

program
  .command('verify')
  .description(
    "check every stream's hash chain and that the log reproduces every signed checkpoint: exit 0 when all holds, 1 and the first thing that does not",
  )
  .option(
    '--checkpoint <file...>',
    'also hold the log against these checkpoint notes, kept outside the database',
  )
  .option(
    '--key <verifierKey>',
    "the verifier key to check signatures with (default: the ledger's own signing key)",
  )
  .action((options: { checkpoint?: string[]; key?: string }) => verify(options).catch(fail));

program
  .command('export')
  .description("export a cycle's scoreboard, leadership accountability and full audit trail")
  .requiredOption('--year <year>', 'the cycle, such as 2007', parseYear)
  .addOption(
    new Option('--format <format>', 'csv, json, or bundle (the cycle with its proofs, for verify-bundle)')
      .choices(['csv', 'json', 'bundle'])
      .makeOptionMandatory(),
  )
  .option(
    '--out <file>',
    'write to this file (csv: three files, <file>.scoreboard.csv, .accountability.csv, .audit-trail.csv)',
  )
  .option('--as-of <instant>', 'csv or json as the cycle stood at this ISO 8601 instant', parseInstant)
  .option(
    '--at-position <position>',
    'csv or json as the cycle stood right after this log position',
    parsePosition,
  )
  .action((options: ExportOptions) => exportCycle(options).catch(fail));

program
  .command('verify-bundle')
  .description(
    'check a bundle with no store, server or configuration: signature, chains, proofs, consistency with a trusted checkpoint, and the scoreboard its events give',
  )
  .argument('<file>', 'a bundle written by ledger export --format bundle')
  .option(
    '--key <verifierKey>',
    'the verifier key the ledger publishes (default: the one in the bundle, with a warning)',
  )
  .option('--trusted-checkpoint <file>', 'an older checkpoint note you trust: the bundle must extend it')
  .action((file: string, options: { key?: string; trustedCheckpoint?: string }) =>
    verifyBundleFile(file, options).catch(fail),
  );

// Backup, restore and migration (docs/backup.md).
program
  .command('backup')
  .description(
    'an online, consistent backup while servers keep writing: the SQLite file, or the log, key hashes and checkpoints as NDJSON',
  )
  .requiredOption('--out <file>', 'the backup to write (never over an existing file)')
  .addOption(
    new Option(
      '--format <format>',
      'sqlite (the whole file; SQLite only, its default) or ndjson (any store; the default elsewhere)',
    ).choices(['sqlite', 'ndjson']),
  )
  .action((options: BackupOptions) => backup(options).catch(fail));

program
  .command('restore')
  .description(
    'restore a backup (NDJSON or an SQLite file) into the configured store, which must hold no events; it reports success only once the restored log verifies',
  )
  .argument('<file>', 'a backup written by ledger backup')
  .option(
    '--key <verifierKey>',
    "the verifier key to check the backup's checkpoints with (default: the ledger's own signing key)",
  )
  .action((file: string, options: { key?: string }) => restore(file, options).catch(fail));

program
  .command('migrate')
  .description(
    "move the configured SQLite ledger into DATABASE_URL's PostgreSQL, which must hold no events: every event as it was, key hashes, checkpoints",
  )
  .addOption(new Option('--to <store>', 'the store to move to').choices(['postgres']).makeOptionMandatory())
  .option(
    '--key <verifierKey>',
    "the verifier key to check the checkpoints with (default: the ledger's own signing key)",
  )
  .action((options: { to: 'postgres'; key?: string }) => migrate(options).catch(fail));

program.parseAsync(process.argv).catch(fail);

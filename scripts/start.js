// Until the HTTP API lands (issue 5), `npm start` says what is here and what is coming.
console.log(
  [
    'Appraisal Ledger: the domain core is in place (libs/domain); run `npm test` to see every rule checked.',
    'Coming next: the event store (SQLite, PostgreSQL, KurrentDB), projections, the HTTP API and the `ledger` CLI.',
  ].join('\n'),
);

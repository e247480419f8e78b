/**
 * The example notes of the C2SP specifications, copied (values only) from github.com/C2SP/C2SP:
 * tlog-checkpoint.md (c2sp.org/tlog-checkpoint) and signed-note.md (c2sp.org/signed-note).
 * Their verifier keys are not published, so they serve to check parsing, not signatures.
 */
export const EXAMPLE_CHECKPOINT_NOTE =
  'example.com/behind-the-sofa\n' +
  '20852163\n' +
  'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n' +
  '\n' +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

export const EXAMPLE_SIGNED_NOTE =
  'Ognuno sta solo sul cuor della terra\n' +
  'trafitto da un raggio di sole:\n' +
  '\n' +
  'ed è subito sera.\n' +
  '\n' +
  '\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

// bylaw against obscenity, on the same documents: obscenity's English
// dataset translated into a bylaw pack (translate.mjs), every word of it
// disguised once per class (disguise.mjs), and every line of Debian's
// `fortunes` for false positives. Run by scripts/obscenity_compare.sh, which
// installs obscenity from npm beside the build; nothing here is needed by
// the build or the tests.
//
//   node compare.mjs --bylaw BIN --obscenity DIR --work DIR --taxonomy FILE
//                    [--fortunes DIR] [--words FILE] [--level standard|aggressive]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

import { Carrier, Plain, kClasses } from './disguise.mjs';
import { TranslateDataset } from './translate.mjs';

const kCategory = 'harassment-and-bullying';

function Options() {
  const options = { fortunes: '/usr/share/games/fortunes', words: '/usr/share/dict/american-english',
                    level: 'standard' };
  const args = process.argv.slice(2);
  for (let i = 0; i + 1 < args.length; i += 2) options[args[i].replace(/^--/, '')] = args[i + 1];
  for (const key of ['bylaw', 'obscenity', 'work', 'taxonomy']) {
    if (!options[key]) throw new Error(`missing --${key}`);
  }
  return options;
}

// Byte offset of UTF-16 index `index` of `text`.
function ByteOffset(text, index) { return Buffer.byteLength(text.slice(0, index)); }

// Spans [begin, end) in bytes of every match, per document, from bylaw.
function RunBylaw(options, rulesDir, documents, name) {
  const input = path.join(options.work, `${name}.jsonl`);
  fs.writeFileSync(input, documents.map((d, i) => JSON.stringify({ id: String(i), text: d })).join('\n') + '\n');
  const started = process.hrtime.bigint();
  const output = execFileSync(options.bylaw, ['replay', rulesDir, input],
                              { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const spans = documents.map(() => []);
  for (const line of output.toString().split('\n')) {
    if (!line) continue;
    const verdict = JSON.parse(line);
    for (const rule of verdict.rules) {
      for (const span of rule.spans) spans[Number(verdict.id)].push([span.begin, span.end]);
    }
  }
  return { spans, seconds };
}

// The same from obscenity, with its recommended transformers.
function RunObscenity(obscenity, documents) {
  const matcher = new obscenity.RegExpMatcher({
    ...obscenity.englishDataset.build(), ...obscenity.englishRecommendedTransformers });
  const started = process.hrtime.bigint();
  const matches = documents.map((d) => matcher.getAllMatches(d));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const spans = matches.map((list, i) => list.map((m) => [
    ByteOffset(documents[i], m.startIndex), ByteOffset(documents[i], m.endIndex + 1)]));
  return { spans, seconds };
}

const Overlaps = (s, begin, end) => s[0] < end && s[1] > begin;
const Percent = (n, d) => (d === 0 ? '-' : `${(100 * n / d).toFixed(1)}%`);

// One row per class: words disguised, and for each engine the words it
// found and those whose span is exact. A span is exact when it covers the
// same letters of the disguised word as the engine's span on the word as
// written, and exactly their bytes: `f.u.c.k` for `fuck`, `fuuuck`, the
// marks on each letter, no separator before the first or after the last.
function DisguiseTable(options, obscenity, rulesDir, words) {
  const cases = [];
  const classes = [['as written', Plain], ...kClasses];
  for (const [name, disguise] of classes) {
    for (const word of words) {
      const pieces = disguise(word);
      if (pieces !== null) cases.push({ name, word, ...Carrier(pieces) });
    }
  }
  const texts = cases.map((c) => c.text);
  const runs = { bylaw: RunBylaw(options, rulesDir, texts, 'disguised').spans,
                 obscenity: RunObscenity(obscenity, texts).spans };
  // The letters [first, last] each engine matches in each word as written.
  const written = { bylaw: new Map(), obscenity: new Map() };
  cases.forEach((c, i) => {
    if (c.name !== 'as written') return;
    for (const engine of Object.keys(runs)) {
      const span = runs[engine][i].find((s) => Overlaps(s, c.range[0], c.range[1]));
      if (!span) continue;
      const first = c.letters.findIndex(([b]) => b >= span[0]);
      const last = c.letters.findLastIndex(([, e]) => e <= span[1]);
      written[engine].set(c.word, [first, last]);
    }
  });
  const rows = new Map();
  const misses = [];
  cases.forEach((c, i) => {
    const row = rows.get(c.name) ?? { words: 0, bylaw: 0, obscenity: 0, bylaw_exact: 0, obscenity_exact: 0 };
    rows.set(c.name, row);
    ++row.words;
    for (const engine of Object.keys(runs)) {
      const found = runs[engine][i].filter((s) => Overlaps(s, c.range[0], c.range[1]));
      if (found.length > 0) ++row[engine];
      if (engine === 'bylaw' && found.length === 0) misses.push(`${c.name}: ${c.text}`);
      const letters = written[engine].get(c.word);
      if (!letters || letters[0] < 0 || letters[1] < letters[0]) continue;
      const exact = [c.letters[letters[0]][0], c.letters[letters[1]][1]];
      if (found.some((s) => s[0] === exact[0] && s[1] === exact[1])) {
        ++row[`${engine}_exact`];
      } else if (engine === 'bylaw' && found.length > 0) {
        const text = Buffer.from(c.text);
        misses.push(`inexact, ${c.name}: ${c.text} -> ` +
                    found.map((s) => JSON.stringify(text.subarray(s[0], s[1]).toString())).join(' '));
      }
    }
  });
  return { rows, misses };
}

// The word of `text` around byte range [begin, end), lowercased.
function WordAround(text, begin, end) {
  const bytes = Buffer.from(text);
  const isLetter = (b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0x80;
  let b = begin, e = end;
  while (b > 0 && isLetter(bytes[b - 1])) --b;
  while (e < bytes.length && isLetter(bytes[e])) ++e;
  return bytes.subarray(b, e).toString().toLowerCase();
}

// Hits on every line of `fortunes`: an innocent-word hit is a match inside
// a word of the everyday word list that is not a dataset word itself or
// one of its plain inflections (`fucking`, `asses`).
function FortunesTable(options, obscenity, rulesDir, words) {
  const lines = [];
  for (const file of fs.readdirSync(options.fortunes).sort()) {
    if (/\.(dat|u8)$/.test(file)) continue;
    const full = path.join(options.fortunes, file);
    if (!fs.statSync(full).isFile()) continue;
    for (const line of fs.readFileSync(full, 'utf8').split('\n')) {
      if (line.trim() !== '' && line.trim() !== '%') lines.push(line);
    }
  }
  const everyday = new Set(fs.readFileSync(options.words, 'utf8').split('\n').map((w) => w.toLowerCase()));
  const suffixes = ['', 's', 'es', 'ed', 'er', 'ers', 'ing', 'y', 'ies', 'in', 'hole', 'holes', 'head', 'heads'];
  const profane = new Set(words.flatMap((w) => suffixes.flatMap((s) => [w + s, w + w.slice(-1) + s])));
  const result = {};
  const runs = { bylaw: RunBylaw(options, rulesDir, lines, 'fortunes'), obscenity: RunObscenity(obscenity, lines) };
  for (const [engine, run] of Object.entries(runs)) {
    const row = { lines: lines.length, flagged: 0, hits: 0, innocent: 0, innocent_words: new Map(), seconds: run.seconds };
    run.spans.forEach((spans, i) => {
      if (spans.length > 0) ++row.flagged;
      for (const [begin, end] of spans) {
        ++row.hits;
        const word = WordAround(lines[i], begin, end);
        if (everyday.has(word) && !profane.has(word)) {
          ++row.innocent;
          row.innocent_words.set(word, (row.innocent_words.get(word) ?? 0) + 1);
        }
      }
    });
    result[engine] = row;
  }
  return result;
}

function Main() {
  const options = Options();
  const require = createRequire(path.resolve(options.obscenity) + '/');
  const obscenity = require(path.resolve(options.obscenity));
  fs.mkdirSync(options.work, { recursive: true });
  const rulesDir = path.join(options.work, 'rules');
  fs.mkdirSync(rulesDir, { recursive: true });
  fs.copyFileSync(options.taxonomy, path.join(rulesDir, 'taxonomy.yaml'));
  const pack = TranslateDataset(obscenity.englishDataset, kCategory);
  const evasion = options.level === 'standard' ? '' : `evasion: ${options.level}\n`;
  fs.writeFileSync(path.join(rulesDir, 'obscenity-english.yaml'), evasion + pack.yaml);
  const words = [...pack.terms.keys()].map((w) => w.toLowerCase());
  console.log(`obscenity ${require(path.resolve(options.obscenity, 'package.json')).version}: ` +
              `${words.length} words, translated into ${rulesDir} (evasion: ${options.level})\n`);

  const { rows, misses } = DisguiseTable(options, obscenity, rulesDir, words);
  console.log('Found: a match over the disguised word. Exact: of those, the span covers the same');
  console.log('letters as on the word as written, and exactly their bytes in the original text.\n');
  console.log('| class | words | bylaw | obscenity | bylaw exact spans | obscenity exact spans |');
  console.log('|---|---|---|---|---|---|');
  const total = { words: 0, bylaw: 0, obscenity: 0, bylaw_exact: 0, obscenity_exact: 0 };
  for (const [name, row] of rows) {
    console.log(`| ${name} | ${row.words} | ${Percent(row.bylaw, row.words)} | ${Percent(row.obscenity, row.words)} | ` +
                `${Percent(row.bylaw_exact, row.bylaw)} | ${Percent(row.obscenity_exact, row.obscenity)} |`);
    if (name === 'as written') continue;
    for (const key of Object.keys(total)) total[key] += row[key];
  }
  console.log(`| all disguises | ${total.words} | ${Percent(total.bylaw, total.words)} | ` +
              `${Percent(total.obscenity, total.words)} | ${Percent(total.bylaw_exact, total.bylaw)} | ` +
              `${Percent(total.obscenity_exact, total.obscenity)} |`);
  fs.writeFileSync(path.join(options.work, 'bylaw-misses.txt'), misses.join('\n') + '\n');
  console.log(`\nbylaw's misses and inexact spans: ${path.join(options.work, 'bylaw-misses.txt')}\n`);

  const fortunes = FortunesTable(options, obscenity, rulesDir, words);
  console.log('| engine | fortunes lines | lines flagged | hits | innocent-word hits | seconds (wall) |');
  console.log('|---|---|---|---|---|---|');
  for (const [engine, row] of Object.entries(fortunes)) {
    console.log(`| ${engine} | ${row.lines} | ${row.flagged} | ${row.hits} | ${row.innocent} | ${row.seconds.toFixed(2)} |`);
  }
  for (const [engine, row] of Object.entries(fortunes)) {
    const listed = [...row.innocent_words].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${n}`);
    console.log(`\n${engine}'s innocent-word hits: ${listed.join(', ') || 'none'}`);
  }
}

Main();

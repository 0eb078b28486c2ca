// What the default evasion level costs on everyday English: a pack of words
// drawn from the word list (every lowercase word of 3+ letters by default),
// scanned over every line of `fortunes` at `evasion: off` and at the level
// asked for; every match the level adds is a false positive (innocent words
// in everyday text), counted by the evasions that made it. It draws the
// lines in rules/README.md ("Evasion"):
//
//   node everyday.mjs --bylaw BIN --taxonomy FILE --work DIR
//        [--level standard] [--min-letters 3] [--every N]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function Options() {
  const options = { fortunes: '/usr/share/games/fortunes', words: '/usr/share/dict/american-english',
                    level: 'standard', 'min-letters': '3', every: '1' };
  const args = process.argv.slice(2);
  for (let i = 0; i + 1 < args.length; i += 2) options[args[i].replace(/^--/, '')] = args[i + 1];
  for (const key of ['bylaw', 'work', 'taxonomy']) if (!options[key]) throw new Error(`missing --${key}`);
  return options;
}

function FortuneLines(dir) {
  const lines = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, file);
    if (/\.(dat|u8)$/.test(file) || !fs.statSync(full).isFile()) continue;
    for (const line of fs.readFileSync(full, 'utf8').split('\n')) {
      if (line.trim() !== '' && line.trim() !== '%') lines.push(line);
    }
  }
  return lines;
}

// Writes a rules folder of `words` at `level`; 100 terms per rule.
function WritePack(dir, taxonomy, words, level) {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(taxonomy, path.join(dir, 'taxonomy.yaml'));
  const lines = ['category: harassment-and-bullying', `evasion: ${level}`, 'terms:'];
  words.forEach((w, i) => lines.push(`  g${Math.floor(i / 100)}_t${i}: [${w}]`));
  lines.push('rules:');
  for (let g = 0; g * 100 < words.length; ++g) lines.push(`  - { id: everyday.g${g}, when: 'any of (g${g}_*)' }`);
  fs.writeFileSync(path.join(dir, 'pack.yaml'), lines.join('\n') + '\n');
}

// "line:begin:end" -> evasions, for every span.
function Spans(bylaw, rules, input) {
  const output = execFileSync(bylaw, ['replay', rules, input], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const spans = new Map();
  for (const line of output.toString().split('\n')) {
    if (!line) continue;
    const verdict = JSON.parse(line);
    for (const rule of verdict.rules) {
      for (const s of rule.spans) spans.set(`${verdict.id}:${s.begin}:${s.end}`, { evasions: s.evasions, text: s.text });
    }
  }
  return spans;
}

function Main() {
  const options = Options();
  const min = Number(options['min-letters']);
  const every = Number(options.every);
  const words = fs.readFileSync(options.words, 'utf8').split('\n')
      .filter((w) => /^[a-z]+$/.test(w) && w.length >= min).filter((_, i) => i % every === 0);
  const lines = FortuneLines(options.fortunes);
  fs.mkdirSync(options.work, { recursive: true });
  const input = path.join(options.work, 'fortune-lines.jsonl');
  fs.writeFileSync(input, lines.map((t, i) => JSON.stringify({ id: String(i), text: t })).join('\n') + '\n');
  WritePack(path.join(options.work, 'off'), options.taxonomy, words, 'off');
  WritePack(path.join(options.work, options.level), options.taxonomy, words, options.level);
  const off = Spans(options.bylaw, path.join(options.work, 'off'), input);
  const level = Spans(options.bylaw, path.join(options.work, options.level), input);
  const added = new Map();
  for (const [key, span] of level) {
    if (off.has(key)) continue;
    const kind = (span.evasions ?? []).filter((e) => !['invisible', 'confusable', 'styled', 'marks', 'mixed-script'].includes(e)).join('+') || 'joined or split';
    const entry = added.get(kind) ?? { count: 0, examples: [] };
    added.set(kind, entry);
    ++entry.count;
    if (entry.examples.length < 12) entry.examples.push(JSON.stringify(span.text));
  }
  console.log(`${words.length} words of ${min}+ letters, ${lines.length} fortune lines; ` +
              `${off.size} matches at off, ${level.size} at ${options.level}`);
  console.log('| evasion | matches added | examples |\n|---|---|---|');
  for (const [kind, entry] of [...added].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`| ${kind} | ${entry.count} | ${entry.examples.join(', ')} |`);
  }
}

Main();
